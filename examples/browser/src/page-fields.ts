/** The page's element with this id (an error naming it when the page lacks it). */
export function element<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`page: no element #${id}`);
  return e as T;
}

/** An integer input's value, checked to lie in [min, max]; the error names the field. */
export function integerField(input: HTMLInputElement, name: string, min: number, max: number): number {
  const v = Number(input.value);
  if (input.value.trim() === '' || !Number.isSafeInteger(v) || v < min || v > max)
    throw new Error(`${name}: expected an integer in [${min}, ${max}], got '${input.value}'`);
  return v;
}

/** Resolves after the browser's next animation frame (so what was drawn is painted). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** An error's message for the page. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
