import type { Action } from './actions';
import type { ErrorCode } from './errors';

/** Every text og-oca puts in the page. `{days}`, `{product}`, `{quantity}`, `{action}` are filled as text. */
export interface Messages {
  /** Shown while the request is under way. */
  pending: string;
  /** The label of the confirm button, per action (confirm mode). */
  confirm: Record<Action, string>;
  /** The confirmation, per action. */
  success: Record<Action, string>;
  /** The error text, per error code. */
  error: Record<ErrorCode, string>;
  /** The label of the "Try again" button. */
  retry: string;
}

/** Per-key overrides of the built-in messages, e.g. `{ success: { delay: 'Done!' } }`. */
export type MessageOverrides = {
  [K in keyof Messages]?: Messages[K] extends string ? string : Partial<Messages[K]>;
};

const en: Messages = {
  pending: 'Updating your subscription…',
  confirm: {
    delay: 'Delay my next order by {days} days',
    skip: 'Skip my next order',
    reactivate: 'Reactivate my subscription',
    upsell: 'Add {quantity} × {product} to my next order',
  },
  success: {
    delay: 'Done! Your next order will ship {days} days later.',
    skip: 'Done! Your next order has been skipped.',
    reactivate: 'Welcome back! Your subscription is active again.',
    upsell: 'Done! {quantity} × {product} will come with your next order.',
  },
  error: {
    missing_token: 'This link is incomplete: it has no token.',
    unknown_action: 'This link asks for an unknown action.',
    invalid_link: 'This link looks damaged.',
    used_token: 'This link was already used.',
    expired_token: 'This link has expired.',
    rejected: 'Your subscription could not be updated.',
    network: 'Could not reach the server.',
    timeout: 'The server took too long to answer.',
    server: 'Something went wrong on our side.',
  },
  retry: 'Try again',
};

const es: Messages = {
  pending: 'Actualizando tu suscripción…',
  confirm: {
    delay: 'Retrasar mi próximo pedido {days} días',
    skip: 'Saltar mi próximo pedido',
    reactivate: 'Reactivar mi suscripción',
    upsell: 'Añadir {quantity} × {product} a mi próximo pedido',
  },
  success: {
    delay: '¡Listo! Tu próximo pedido se enviará {days} días más tarde.',
    skip: '¡Listo! Hemos saltado tu próximo pedido.',
    reactivate: '¡Hola de nuevo! Tu suscripción vuelve a estar activa.',
    upsell: '¡Listo! {quantity} × {product} llegará con tu próximo pedido.',
  },
  error: {
    missing_token: 'Este enlace está incompleto: no tiene token.',
    unknown_action: 'Este enlace pide una acción desconocida.',
    invalid_link: 'Este enlace parece dañado.',
    used_token: 'Este enlace ya se usó.',
    expired_token: 'Este enlace ha caducado.',
    rejected: 'No pudimos actualizar tu suscripción.',
    network: 'No pudimos conectar con el servidor.',
    timeout: 'El servidor tardó demasiado en responder.',
    server: 'Algo falló por nuestra parte.',
  },
  retry: 'Reintentar',
};

const fr: Messages = {
  pending: 'Mise à jour de votre abonnement…',
  confirm: {
    delay: 'Reporter ma prochaine commande de {days} jours',
    skip: 'Sauter ma prochaine commande',
    reactivate: 'Réactiver mon abonnement',
    upsell: 'Ajouter {quantity} × {product} à ma prochaine commande',
  },
  success: {
    delay: 'C’est fait ! Votre prochaine commande partira {days} jours plus tard.',
    skip: 'C’est fait ! Votre prochaine commande est sautée.',
    reactivate: 'Bon retour ! Votre abonnement est de nouveau actif.',
    upsell: 'C’est fait ! {quantity} × {product} arrivera avec votre prochaine commande.',
  },
  error: {
    missing_token: 'Ce lien est incomplet : il n’a pas de jeton.',
    unknown_action: 'Ce lien demande une action inconnue.',
    invalid_link: 'Ce lien semble abîmé.',
    used_token: 'Ce lien a déjà été utilisé.',
    expired_token: 'Ce lien a expiré.',
    rejected: 'Votre abonnement n’a pas pu être modifié.',
    network: 'Le serveur est injoignable.',
    timeout: 'Le serveur a mis trop de temps à répondre.',
    server: 'Un problème est survenu chez nous.',
  },
  retry: 'Réessayer',
};

const de: Messages = {
  pending: 'Ihr Abo wird aktualisiert…',
  confirm: {
    delay: 'Nächste Bestellung um {days} Tage verschieben',
    skip: 'Nächste Bestellung überspringen',
    reactivate: 'Mein Abo reaktivieren',
    upsell: '{quantity} × {product} zur nächsten Bestellung hinzufügen',
  },
  success: {
    delay: 'Erledigt! Ihre nächste Bestellung wird {days} Tage später versandt.',
    skip: 'Erledigt! Ihre nächste Bestellung wird übersprungen.',
    reactivate: 'Willkommen zurück! Ihr Abo ist wieder aktiv.',
    upsell: 'Erledigt! {quantity} × {product} kommt mit Ihrer nächsten Bestellung.',
  },
  error: {
    missing_token: 'Dieser Link ist unvollständig: Ihm fehlt das Token.',
    unknown_action: 'Dieser Link verlangt eine unbekannte Aktion.',
    invalid_link: 'Dieser Link ist beschädigt.',
    used_token: 'Dieser Link wurde bereits verwendet.',
    expired_token: 'Dieser Link ist abgelaufen.',
    rejected: 'Ihr Abo konnte nicht geändert werden.',
    network: 'Der Server ist nicht erreichbar.',
    timeout: 'Der Server hat zu lange gebraucht.',
    server: 'Bei uns ist etwas schiefgelaufen.',
  },
  retry: 'Erneut versuchen',
};

/** The built-in tables, by language subtag. */
export const LOCALES: Record<string, Messages> = { en, es, fr, de };

/** `fr-CA` → `fr`. */
export const baseLanguage = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0] ?? '';

/**
 * The messages for the first supported language among `preferred` (then `en`), with the
 * per-key overrides applied.
 */
export const messagesFor = (
  preferred: (string | null | undefined)[],
  overrides: MessageOverrides = {},
): Messages => {
  const base =
    LOCALES[preferred.map((tag) => baseLanguage(tag ?? '')).find((l) => LOCALES[l]) ?? 'en']!;
  return {
    pending: overrides.pending ?? base.pending,
    retry: overrides.retry ?? base.retry,
    confirm: { ...base.confirm, ...overrides.confirm },
    success: { ...base.success, ...overrides.success },
    error: { ...base.error, ...overrides.error },
  };
};

/** Fills `{name}` placeholders with values, as plain text; unknown names are left as they are. */
export const fill = (text: string, values: Record<string, unknown>): string =>
  text.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(values, name) && values[name] != null ? String(values[name]) : match,
  );
