// The demo checkout's paths, apart from its schemas: the client imports these without TypeBox.
export const CHECKOUT_PATH = '/playgate/v1/checkout';

export const checkoutPaths = {
  orders: `${CHECKOUT_PATH}/orders`,
  grants: `${CHECKOUT_PATH}/grants`,
  grant: (id: string) => `${CHECKOUT_PATH}/grants/${encodeURIComponent(id)}`,
} as const;
