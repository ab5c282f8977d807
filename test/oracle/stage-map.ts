import { map, type OperatorFunction } from 'rxjs';

/** The oracle's stages are plain maps: the old path, one call per trial and stage. */
export function stageMap<In, Out>(_stage: string, project: (item: In) => Out): OperatorFunction<In, Out> {
  return map(project);
}
