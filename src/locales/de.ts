import type { Messages } from './shape.js';

/** German. */
export default {
  pending: 'Ihr Abo wird aktualisiert…',
  retry: 'Erneut versuchen',
  confirm: {
    delay: 'Nächste Bestellung um {days} Tage verschieben',
    skip: 'Nächste Bestellung überspringen',
    reactivate: 'Mein Abo reaktivieren',
    upsell: '{quantity} × {product} zur nächsten Bestellung hinzufügen',
  },
  success: {
    delay: 'Erledigt! Ihre nächste Bestellung wird {days} Tage später versandt.',
    skip: 'Erledigt! Ihre nächste Bestellung wird übersprungen.',
    reactivate:
      'Willkommen zurück! Ihr Abo ist wieder aktiv: Ihre erste Bestellung ist für morgen angesetzt und wird dann berechnet.',
    upsell: 'Erledigt! {quantity} × {product} kommt mit Ihrer nächsten Bestellung.',
  },
  error: {
    missing_token: 'Dieser Link ist unvollständig: Ihm fehlt das Token.',
    unknown_action: 'Dieser Link verlangt eine unbekannte Aktion.',
    invalid_link: 'Dieser Link ist beschädigt.',
    used_token: 'Dieser Link wurde bereits verwendet: Die Änderung ist schon erledigt.',
    expired_token: 'Dieser Link ist abgelaufen.',
    rejected: 'Ihr Abo konnte nicht geändert werden.',
    network: 'Der Server ist nicht erreichbar.',
    timeout: 'Der Server hat zu lange gebraucht.',
    server: 'Bei uns ist etwas schiefgelaufen.',
    unexpected: 'Auf dieser Seite ist ein unerwarteter Fehler aufgetreten.',
  },
} satisfies Messages;
