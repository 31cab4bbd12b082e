export * from './objetivos/objetivo';
export * from './objetivos/local';
export * from './objetivos/k8s';
