import type { Messages } from './shape.js';

/** Spanish. */
export default {
  pending: 'Actualizando tu suscripción…',
  retry: 'Reintentar',
  confirm: {
    delay: 'Retrasar mi próximo pedido {days} días',
    skip: 'Saltar mi próximo pedido',
    reactivate: 'Reactivar mi suscripción',
    upsell: 'Añadir {quantity} × {product} a mi próximo pedido',
  },
  success: {
    delay: '¡Listo! Tu próximo pedido se enviará {days} días más tarde.',
    skip: '¡Listo! Hemos saltado tu próximo pedido.',
    reactivate:
      '¡Hola de nuevo! Tu suscripción vuelve a estar activa: tu primer pedido queda para mañana y se cobrará entonces.',
    upsell: '¡Listo! {quantity} × {product} llegará con tu próximo pedido.',
  },
  error: {
    missing_token: 'Este enlace está incompleto: no tiene token.',
    unknown_action: 'Este enlace pide una acción desconocida.',
    invalid_link: 'Este enlace parece dañado.',
    used_token: 'Este enlace ya se usó: el cambio ya está hecho.',
    expired_token: 'Este enlace ha caducado.',
    rejected: 'No pudimos actualizar tu suscripción.',
    network: 'No pudimos conectar con el servidor.',
    timeout: 'El servidor tardó demasiado en responder.',
    server: 'Algo falló por nuestra parte.',
    unexpected: 'Algo inesperado falló en esta página.',
  },
} satisfies Messages;
