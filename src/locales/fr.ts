import type { Messages } from './shape.js';

/** French. */
export default {
  pending: 'Mise à jour de votre abonnement…',
  retry: 'Réessayer',
  confirm: {
    delay: 'Reporter ma prochaine commande de {days} jours',
    skip: 'Sauter ma prochaine commande',
    reactivate: 'Réactiver mon abonnement',
    upsell: 'Ajouter {quantity} × {product} à ma prochaine commande',
  },
  success: {
    delay: 'C’est fait ! Votre prochaine commande partira {days} jours plus tard.',
    skip: 'C’est fait ! Votre prochaine commande est sautée.',
    reactivate:
      'Bon retour ! Votre abonnement est de nouveau actif : votre première commande est prévue pour demain et sera débitée à ce moment-là.',
    upsell: 'C’est fait ! {quantity} × {product} arrivera avec votre prochaine commande.',
  },
  error: {
    missing_token: 'Ce lien est incomplet : il n’a pas de jeton.',
    unknown_action: 'Ce lien demande une action inconnue.',
    invalid_link: 'Ce lien semble abîmé.',
    used_token: 'Ce lien a déjà été utilisé : la modification est déjà faite.',
    expired_token: 'Ce lien a expiré.',
    rejected: 'Votre abonnement n’a pas pu être modifié.',
    network: 'Le serveur est injoignable.',
    timeout: 'Le serveur a mis trop de temps à répondre.',
    server: 'Un problème est survenu chez nous.',
    unexpected: 'Un problème inattendu est survenu sur cette page.',
  },
} satisfies Messages;
