// Who may call what: the permission each public RPC requires, by full gRPC path. The one table the
// services enforce (seedwork's protegerServicio refuses to start a service with an unmapped method)
// and the local credential issues (every permission, or the ones named).

/** Permissions a caller's token may carry (OAuth2 `scope`), one per kind of use. */
export const PERMISOS = {
  /** Ask for a payment (moves money). */
  solicitarPagos: 'pagos:solicitar',
  /** Read payments. */
  leerPagos: 'pagos:leer',
  /** Retry a FALLIDO payment (operators). */
  reintentarPagos: 'pagos:reintentar',
  /** Read settlements. */
  leerLiquidaciones: 'liquidaciones:leer',
} as const;

export type Permiso = (typeof PERMISOS)[keyof typeof PERMISOS];

/** Every permission, in a stable order. */
export const TODOS_LOS_PERMISOS: readonly Permiso[] = Object.values(PERMISOS);

/** The permission each RPC requires (`/package.Service/Method`). Health is not here: it stays open. */
export const PERMISO_POR_METODO: Readonly<Record<string, Permiso>> = {
  '/alpespartners.pagos.v1.PagosService/SolicitarPago': PERMISOS.solicitarPagos,
  '/alpespartners.pagos.v1.PagosService/ObtenerPago': PERMISOS.leerPagos,
  '/alpespartners.pagos.v1.PagosService/ListarPagos': PERMISOS.leerPagos,
  '/alpespartners.pagos.v1.PagosService/ReintentarPago': PERMISOS.reintentarPagos,
  '/alpespartners.liquidacion.v1.LiquidacionService/ObtenerLiquidacion': PERMISOS.leerLiquidaciones,
  '/alpespartners.liquidacion.v1.LiquidacionService/ListarLiquidaciones': PERMISOS.leerLiquidaciones,
};

/** `texto` when it names a permission, else undefined. */
export function comoPermiso(texto: string): Permiso | undefined {
  return (TODOS_LOS_PERMISOS as readonly string[]).includes(texto) ? (texto as Permiso) : undefined;
}
