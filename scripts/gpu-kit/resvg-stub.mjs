// The GPU kit runs the bench only: the CLI's PNG plotting (a native @resvg/resvg-js binary) is left out.
export class Resvg {
  constructor() {
    throw new Error('@resvg/resvg-js is not part of the GPU kit (plots are not drawn there)');
  }
}
