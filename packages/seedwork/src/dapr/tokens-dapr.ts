import { secreto } from '../configuracion';

// The two Dapr API tokens every service needs, required with no default (secure by default: a
// service without them refuses to start, naming the variable). The chart fills both from the
// Secrets it also names in dapr.io/app-token-secret and dapr.io/api-token-secret; `npm start` and
// the test runtime generate them per run.
export const TOKENS_DAPR = {
  tokenApp: secreto('APP_API_TOKEN', {
    uso: 'el token que daprd envía en dapr-api-token a cada llamada al AppCallback',
  }),
  tokenDapr: secreto('DAPR_API_TOKEN', { uso: 'el token que la app envía a daprd en dapr-api-token' }),
};
