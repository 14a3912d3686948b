import { ACTIONS, type Action } from './actions.js';
import { ERROR_CODES, type ErrorCode } from './errors.js';

/** Every text og-oca puts in the page. `{days}`, `{product}`, `{quantity}`, `{action}` are filled as text. */
export interface Messages {
  /** Shown while the request is under way. */
  pending: string;
  /** The label of the "Try again" button. */
  retry: string;
  /** The label of the confirm button, per action (confirm mode). */
  confirm: Record<Action, string>;
  /** The confirmation, per action. */
  success: Record<Action, string>;
  /** The error text, per error code. */
  error: Record<ErrorCode, string>;
}

/** Per-key overrides of the built-in messages, e.g. `{ success: { delay: 'Done!' } }`. */
export type MessageOverrides = {
  [K in keyof Messages]?: Messages[K] extends string ? string : Partial<Messages[K]>;
};

// Each language's texts, one a line, in the order of `Messages`: pending, retry, then
// confirm and success for delay, skip, reactivate, upsell, then the error codes in the
// order of ERROR_CODES. (Lists, not objects: the bundle carries the key names once.)
const TABLES: Record<string, string> = {
  en: `Updating your subscription…
Try again
Delay my next order by {days} days
Skip my next order
Reactivate my subscription
Add {quantity} × {product} to my next order
Done! Your next order will ship {days} days later.
Done! Your next order is skipped.
Welcome back! Your subscription is active again.
Done! {quantity} × {product} will come with your next order.
This link is incomplete: it has no token.
This link asks for an unknown action.
This link looks damaged.
This link was already used.
This link has expired.
Your subscription could not be updated.
Could not reach the server.
The server took too long to answer.
Something went wrong on our side.`,
  es: `Actualizando tu suscripción…
Reintentar
Retrasar mi próximo pedido {days} días
Saltar mi próximo pedido
Reactivar mi suscripción
Añadir {quantity} × {product} a mi próximo pedido
¡Listo! Tu próximo pedido se enviará {days} días más tarde.
¡Listo! Hemos saltado tu próximo pedido.
¡Hola de nuevo! Tu suscripción vuelve a estar activa.
¡Listo! {quantity} × {product} llegará con tu próximo pedido.
Este enlace está incompleto: no tiene token.
Este enlace pide una acción desconocida.
Este enlace parece dañado.
Este enlace ya se usó.
Este enlace ha caducado.
No pudimos actualizar tu suscripción.
No pudimos conectar con el servidor.
El servidor tardó demasiado en responder.
Algo falló por nuestra parte.`,
  fr: `Mise à jour de votre abonnement…
Réessayer
Reporter ma prochaine commande de {days} jours
Sauter ma prochaine commande
Réactiver mon abonnement
Ajouter {quantity} × {product} à ma prochaine commande
C’est fait ! Votre prochaine commande partira {days} jours plus tard.
C’est fait ! Votre prochaine commande est sautée.
Bon retour ! Votre abonnement est de nouveau actif.
C’est fait ! {quantity} × {product} arrivera avec votre prochaine commande.
Ce lien est incomplet : il n’a pas de jeton.
Ce lien demande une action inconnue.
Ce lien semble abîmé.
Ce lien a déjà été utilisé.
Ce lien a expiré.
Votre abonnement n’a pas pu être modifié.
Le serveur est injoignable.
Le serveur a mis trop de temps à répondre.
Un problème est survenu chez nous.`,
  de: `Ihr Abo wird aktualisiert…
Erneut versuchen
Nächste Bestellung um {days} Tage verschieben
Nächste Bestellung überspringen
Mein Abo reaktivieren
{quantity} × {product} zur nächsten Bestellung hinzufügen
Erledigt! Ihre nächste Bestellung wird {days} Tage später versandt.
Erledigt! Ihre nächste Bestellung wird übersprungen.
Willkommen zurück! Ihr Abo ist wieder aktiv.
Erledigt! {quantity} × {product} kommt mit Ihrer nächsten Bestellung.
Dieser Link ist unvollständig: Ihm fehlt das Token.
Dieser Link verlangt eine unbekannte Aktion.
Dieser Link ist beschädigt.
Dieser Link wurde bereits verwendet.
Dieser Link ist abgelaufen.
Ihr Abo konnte nicht geändert werden.
Der Server ist nicht erreichbar.
Der Server hat zu lange gebraucht.
Bei uns ist etwas schiefgelaufen.`,
};

const zip = <K extends string>(keys: readonly K[], texts: string[]) =>
  Object.fromEntries(keys.map((key, i) => [key, texts[i]])) as Record<K, string>;

const table = (lines: string[]): Messages => ({
  pending: lines[0]!,
  retry: lines[1]!,
  confirm: zip(ACTIONS, lines.slice(2)),
  success: zip(ACTIONS, lines.slice(6)),
  error: zip(ERROR_CODES, lines.slice(10)),
});

/** The built-in messages, by language subtag (`en`, `es`, `fr`, `de`); each table is built on first use. */
export const LOCALES: Record<string, Messages> = {};
for (const [language, text] of Object.entries(TABLES)) {
  let built: Messages | undefined;
  Object.defineProperty(LOCALES, language, {
    enumerable: true,
    get: () => (built ??= table(text.split('\n'))),
  });
}

/** `fr-CA` → `fr`. */
export const baseLanguage = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0]!;

/**
 * The messages for the first supported language among `preferred` (then `en`), with the
 * per-key overrides applied.
 */
export const messagesFor = (preferred: unknown[], overrides: MessageOverrides = {}): Messages => {
  const base =
    LOCALES[preferred.map((tag) => baseLanguage(String(tag))).find((l) => LOCALES[l]) ?? 'en']!;
  // Only strings override: `{ skip: undefined }` or a stray number keeps the built-in text.
  const merge = (texts: object, extra: object = {}) => {
    const merged: Record<string, unknown> = { ...texts };
    for (const [key, text] of Object.entries(extra))
      if (typeof text === 'string') merged[key] = text;
    return merged;
  };
  return {
    ...merge(base, overrides),
    confirm: merge(base.confirm, overrides.confirm),
    success: merge(base.success, overrides.success),
    error: merge(base.error, overrides.error),
  } as Messages;
};

/** Fills `{name}` placeholders with values, as plain text; unknown names are left as they are. */
export const fill = (text: string, values: Record<string, unknown>): string =>
  text.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(values, name) && values[name] != null ? String(values[name]) : match,
  );
