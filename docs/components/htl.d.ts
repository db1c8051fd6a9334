// htl ships no types. Its tagged templates return the one element a template holds (every
// component's templates have one root), or a fragment for several; values are escaped as text
// or set as attributes and properties, never parsed as HTML.
declare module "htl" {
  type Template = (strings: TemplateStringsArray, ...values: unknown[]) => HTMLElement;
  export const html: Template & {
    fragment: (strings: TemplateStringsArray, ...values: unknown[]) => DocumentFragment;
  };
  export const svg: (strings: TemplateStringsArray, ...values: unknown[]) => SVGElement;
}
