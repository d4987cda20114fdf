/** A configured `provider/model` pair. The model part may itself contain slashes (OpenRouter ids). */
export interface Target {
  /** `provider/model`, as written in tripline.yaml. */
  id: string;
  /** Name of the provider entry in tripline.yaml. */
  provider: string;
  model: string;
}

export function parseTarget(id: string): Target | null {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return null;
  return { id, provider: id.slice(0, slash), model: id.slice(slash + 1) };
}
