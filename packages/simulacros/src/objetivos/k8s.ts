// A cluster (charts/alpes-pagos) as a drill target, driven only through kubectl. Every command
// goes through an injected EjecutorComandos, so the exact command lines are unit-tested here,
// where no cluster exists.
//
// Faults:
// - workloads (pagos, liquidacion: Deployments; pulsar, postgres: StatefulSets of the dev values):
//   matar = remember replicas, `scale --replicas=0` (no replacement pod while it is "down"), then
//   `delete pod -l <selector> --grace-period=0 --force` (the kill -9: no graceful shutdown);
//   reiniciar = `scale --replicas=<before>`; esperarListo = `rollout status`.
// - daprd-<app> (a sidecar cannot be scaled or deleted alone, and SIGKILL to a container's PID 1
//   from inside its namespace is ignored): `crictl stop --timeout 0 <container>` (SIGKILL) on its
//   node through `kubectl debug node/...`; the kubelet restarts the container by itself, so
//   reiniciar does nothing and esperarListo waits for the restart count to grow and the pod Ready.
// Addresses: `kubectl port-forward` per service, relaunched whenever it exits (a port-forward to a
// Service dies with the pod it picked, which is exactly what the failover drill kills).
import { dirCredencialCluster, proveedorTokenLocal, type ProveedorToken } from '@alpes/cli';
import { AccesoHttp } from './acceso-http';
import type { Componente, DireccionReenviable, Direcciones, EstadisticasTopico, Objetivo } from './objetivo';

export interface ProcesoLargo {
  detener(): void;
  /** Resolves when the process exits (with its code). */
  terminado: Promise<number>;
}

export interface EjecutorComandos {
  /** Runs to completion; resolves stdout; rejects on a non-zero exit with stderr in the message. */
  ejecutar(comando: string, args: string[]): Promise<string>;
  /** Starts a long-running command (port-forward). */
  lanzar(comando: string, args: string[]): ProcesoLargo;
}

export interface CargaK8s {
  tipo: 'deployment' | 'statefulset';
  nombre: string;
  /** Label selector of its pods. */
  selector: string;
}

export interface ReenvioK8s {
  /** e.g. svc/pagos or deploy/pagos (daprd's HTTP port lives in the app's pod). */
  recurso: string;
  local: number;
  remoto: number;
}

export interface ConfigK8s {
  kubectl: string;
  namespace?: string;
  contexto?: string;
  cargas: Record<'pagos' | 'liquidacion' | 'pulsar' | 'postgres', CargaK8s>;
  /** Name of the injected Dapr sidecar container. */
  contenedorDapr: string;
  /** Image of the node debugger pod that runs crictl from the host (chroot /host). */
  imagenDepuracion: string;
  reenvios: Record<DireccionReenviable, ReenvioK8s>;
  /** Secret (key `token`) with daprd's DAPR_API_TOKEN (chart: dapr.tokens.secretoApi). */
  secretoTokenDapr: string;
  /** Folder of the key pair signing the API tokens (default: the kind cluster's dev one); ALPES_TOKEN wins. */
  dirCredencial?: string;
}

const selector = (nombre: string) => `app.kubernetes.io/name=${nombre}`;

/** Names of charts/alpes-pagos with dev values (in-cluster Pulsar and Postgres). */
export const CONFIG_K8S_POR_OMISION: ConfigK8s = {
  kubectl: 'kubectl',
  cargas: {
    pagos: { tipo: 'deployment', nombre: 'pagos', selector: selector('pagos') },
    liquidacion: { tipo: 'deployment', nombre: 'liquidacion', selector: selector('liquidacion') },
    pulsar: { tipo: 'statefulset', nombre: 'pulsar', selector: selector('pulsar') },
    postgres: { tipo: 'statefulset', nombre: 'postgres', selector: selector('postgres') },
  },
  contenedorDapr: 'daprd',
  imagenDepuracion: 'busybox:1.36',
  secretoTokenDapr: 'alpes-dapr-token-api',
  reenvios: {
    pagos: { recurso: 'svc/pagos', local: 50051, remoto: 50051 },
    liquidacion: { recurso: 'svc/liquidacion', local: 50052, remoto: 50052 },
    pasarela: { recurso: 'svc/pasarela-simulada', local: 4010, remoto: 4010 },
    pulsarAdmin: { recurso: 'svc/pulsar', local: 8080, remoto: 8080 },
    daprHttp: { recurso: 'deploy/pagos', local: 3500, remoto: 3500 },
  },
};

export interface DependenciasK8s {
  esperar?: (ms: number) => Promise<void>;
  /** Resolves once something listens on 127.0.0.1:puerto (a port-forward is up). */
  esperarPuerto?: (puerto: number, plazoMs: number) => Promise<void>;
  ahora?: () => number;
}

export class ObjetivoK8s implements Objetivo {
  readonly nombre = 'k8s' as const;
  readonly credencial: ProveedorToken;
  private readonly http: AccesoHttp;
  private readonly replicasPrevias = new Map<Componente, number>();
  private readonly reiniciosPrevios = new Map<Componente, Map<string, number>>();
  private readonly reenvios = new Map<string, ProcesoLargo>();
  private cerrado = false;
  private dirs?: Promise<Direcciones>;
  private token?: Promise<string | undefined>;
  private readonly esperar: (ms: number) => Promise<void>;
  private readonly ahora: () => number;

  constructor(
    private readonly ejecutor: EjecutorComandos,
    private readonly config: ConfigK8s = CONFIG_K8S_POR_OMISION,
    private readonly deps: DependenciasK8s = {},
  ) {
    this.esperar = deps.esperar ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.ahora = deps.ahora ?? Date.now;
    this.credencial = proveedorTokenLocal({ dir: config.dirCredencial ?? dirCredencialCluster() });
    this.http = new AccesoHttp(
      () => this.direcciones(),
      () => this.tokenDapr(),
    );
  }

  /** kubectl with the context and namespace flags in front. */
  private kubectl(...args: string[]): Promise<string> {
    return this.ejecutor.ejecutar(this.config.kubectl, [...this.prefijo(), ...args]);
  }

  private prefijo(): string[] {
    return [
      ...(this.config.contexto ? ['--context', this.config.contexto] : []),
      ...(this.config.namespace ? ['-n', this.config.namespace] : []),
    ];
  }

  direcciones(): Promise<Direcciones> {
    this.dirs ??= this.abrirReenvios();
    return this.dirs;
  }

  private async abrirReenvios(): Promise<Direcciones> {
    const r = this.config.reenvios;
    await Promise.all(Object.values(r).map((reenvio) => this.mantenerReenvio(reenvio)));
    return {
      pagos: `127.0.0.1:${r.pagos.local}`,
      liquidacion: `127.0.0.1:${r.liquidacion.local}`,
      pasarela: `http://127.0.0.1:${r.pasarela.local}`,
      pulsarAdmin: `http://127.0.0.1:${r.pulsarAdmin.local}`,
      daprHttp: `http://127.0.0.1:${r.daprHttp.local}`,
    };
  }

  /** daprd's API token from its Secret (read once); undefined when there is none. */
  private tokenDapr(): Promise<string | undefined> {
    this.token ??= this.leerTokenDapr();
    return this.token;
  }

  private async leerTokenDapr(): Promise<string | undefined> {
    const base64 = await this.kubectl(
      'get', 'secret', this.config.secretoTokenDapr, '-o', 'jsonpath={.data.token}',
    ).catch(() => ''); // prettier-ignore
    const token = Buffer.from(base64.trim(), 'base64').toString('utf8');
    return token || undefined;
  }

  /** Starts `kubectl port-forward` and starts it again whenever it exits, until cerrar(). */
  private async mantenerReenvio(reenvio: ReenvioK8s): Promise<void> {
    const lanzar = () => {
      const proceso = this.ejecutor.lanzar(this.config.kubectl, [
        ...this.prefijo(),
        'port-forward',
        '--address',
        '127.0.0.1',
        reenvio.recurso,
        `${reenvio.local}:${reenvio.remoto}`,
      ]);
      this.reenvios.set(reenvio.recurso, proceso);
      void proceso.terminado.then(async () => {
        if (this.cerrado) return;
        await this.esperar(500);
        if (!this.cerrado) lanzar();
      });
    };
    lanzar();
    await this.deps.esperarPuerto?.(reenvio.local, 30_000);
  }

  async matar(componente: Componente): Promise<void> {
    const app = appDeSidecar(componente);
    if (app) return this.matarSidecar(componente, app);
    const carga = this.config.cargas[componente as keyof ConfigK8s['cargas']];
    const recurso = `${carga.tipo}/${carga.nombre}`;
    const replicas = Number(
      (await this.kubectl('get', recurso, '-o', 'jsonpath={.spec.replicas}')).trim() || '1',
    );
    this.replicasPrevias.set(componente, replicas > 0 ? replicas : 1);
    await this.kubectl('scale', recurso, '--replicas=0');
    await this.kubectl('delete', 'pod', '-l', carga.selector, '--grace-period=0', '--force', '--wait=false');
  }

  /** SIGKILL of the daprd container of every pod of the app, through crictl on its node. */
  private async matarSidecar(componente: Componente, app: 'pagos' | 'liquidacion'): Promise<void> {
    const c = this.config.contenedorDapr;
    const salida = await this.kubectl(
      'get', 'pod', '-l', this.config.cargas[app].selector, '-o',
      `jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName} {.status.containerStatuses[?(@.name=="${c}")].containerID} {.status.containerStatuses[?(@.name=="${c}")].restartCount}{"\\n"}{end}`,
    ); // prettier-ignore
    const pods = salida
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((campos) => campos.length === 4);
    if (pods.length === 0)
      throw new Error(
        `ningún pod de ${app} con contenedor ${c} (selector ${this.config.cargas[app].selector})`,
      );
    this.reiniciosPrevios.set(
      componente,
      new Map(pods.map(([pod, , , reinicios]) => [pod as string, Number(reinicios)])),
    );
    for (const [, nodo, idContenedor] of pods) {
      const id = (idContenedor as string).replace(/^[a-z]+:\/\//, '');
      await this.kubectl(
        'debug', `node/${nodo}`, `--image=${this.config.imagenDepuracion}`, '--profile=sysadmin', '--',
        'chroot', '/host', 'crictl', 'stop', '--timeout', '0', id,
      ); // prettier-ignore
    }
  }

  async reiniciar(componente: Componente): Promise<void> {
    if (appDeSidecar(componente)) return; // the kubelet restarts the container itself
    const carga = this.config.cargas[componente as keyof ConfigK8s['cargas']];
    const replicas = this.replicasPrevias.get(componente) ?? 1;
    await this.kubectl('scale', `${carga.tipo}/${carga.nombre}`, `--replicas=${replicas}`);
  }

  async esperarListo(componente: Componente, plazoMs: number): Promise<void> {
    const segundos = `${Math.max(1, Math.ceil(plazoMs / 1000))}s`;
    const app = appDeSidecar(componente);
    if (!app) {
      const carga = this.config.cargas[componente as keyof ConfigK8s['cargas']];
      await this.kubectl('rollout', 'status', `${carga.tipo}/${carga.nombre}`, `--timeout=${segundos}`);
      return;
    }
    const previos = this.reiniciosPrevios.get(componente) ?? new Map<string, number>();
    const limite = this.ahora() + plazoMs;
    const c = this.config.contenedorDapr;
    for (const [pod, antes] of previos) {
      for (;;) {
        const reinicios = Number(
          (
            await this.kubectl(
              'get',
              'pod',
              pod,
              '-o',
              `jsonpath={.status.containerStatuses[?(@.name=="${c}")].restartCount}`,
            )
          ).trim(),
        );
        if (reinicios > antes) break;
        if (this.ahora() > limite) throw new Error(`${c} de ${pod} no se reinició en ${plazoMs} ms`);
        await this.esperar(500);
      }
      await this.kubectl('wait', '--for=condition=Ready', `pod/${pod}`, `--timeout=${segundos}`);
    }
  }

  publicarCrudo(topico: string, bytes: Uint8Array, tipoContenido?: string): Promise<void> {
    return this.http.publicarCrudo(topico, bytes, tipoContenido);
  }

  backlog(topico: string, suscripcion: string): Promise<number> {
    return this.http.backlog(topico, suscripcion);
  }

  estadisticas(topico: string): Promise<EstadisticasTopico | undefined> {
    return this.http.estadisticas(topico);
  }

  ledger() {
    return this.http.ledger();
  }

  async cerrar(): Promise<void> {
    this.cerrado = true;
    for (const p of this.reenvios.values()) p.detener();
    this.reenvios.clear();
  }
}

function appDeSidecar(componente: Componente): 'pagos' | 'liquidacion' | undefined {
  if (componente === 'daprd-pagos') return 'pagos';
  if (componente === 'daprd-liquidacion') return 'liquidacion';
  return undefined;
}
