import 'og-oca/oca.css';
import type { ReactNode } from 'react';

export const metadata = { title: 'Subscription actions' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
