import 'og-oca/oca.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { OneClick } from './OneClick.jsx';

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <main>
      <h1>Your subscription</h1>
      <OneClick />
    </main>
  </StrictMode>,
);
