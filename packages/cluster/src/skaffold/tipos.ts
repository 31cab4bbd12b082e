// The part of skaffold's configuration (apiVersion skaffold/v4beta11) the emulator reads. The
// schema has already vouched for shapes and names; soporte.ts has refused every field outside
// this subset, so these types describe what the plan can rely on.

export type Objeto = Record<string, unknown>;

export interface ArtefactoSkaffold {
  image: string;
  context?: string;
  docker?: { dockerfile?: string; buildArgs?: Record<string, string | null>; target?: string };
}

export interface ReleaseSkaffold {
  name: string;
  chartPath?: string;
  namespace?: string;
  createNamespace?: boolean;
  valuesFiles?: string[];
  setValueTemplates?: Objeto;
  setValues?: Objeto;
  version?: string;
  wait?: boolean;
  skipBuildDependencies?: boolean;
}

export interface ReenvioSkaffold {
  resourceType?: string;
  resourceName?: string;
  namespace?: string;
  port?: number | string;
  localPort?: number;
  address?: string;
}

export interface ActivacionSkaffold {
  env?: string;
  kubeContext?: string;
  command?: string;
}

export interface PerfilSkaffold extends Objeto {
  name: string;
  activation?: ActivacionSkaffold[];
  requiresAllActivations?: boolean;
  patches?: unknown[];
}

/** skaffold.yaml as parsed and validated against the schema of its apiVersion. */
export interface ConfigSkaffold extends Objeto {
  apiVersion: string;
  kind: string;
  profiles?: PerfilSkaffold[];
}

/** The pipeline once the profiles are applied and the subset checked (soporte.ts). */
export interface PipelineEfectivo {
  build: {
    artifacts?: ArtefactoSkaffold[];
    tagPolicy?: { inputDigest?: Objeto };
    local?: { push?: boolean; useBuildkit?: boolean; concurrency?: number };
  };
  deploy: {
    helm: { releases: ReleaseSkaffold[] };
    kubeContext?: string;
    statusCheck?: boolean;
    statusCheckDeadlineSeconds?: number;
    tolerateFailuresUntilDeadline?: boolean;
  };
  portForward?: ReenvioSkaffold[];
}
