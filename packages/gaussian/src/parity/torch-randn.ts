/**
 * PyTorch's CPU `torch.randn` for float32 tensors of ≥ 16 elements, re-implemented for parity tests against
 * diffusers' tests that seed with `torch.manual_seed`: an MT19937 stream, 24-bit float uniforms, and Box–Muller
 * on blocks of 16 (ATen's `normal_fill`: u1 = 1 − data[j], u2 = data[j + 8] for j < 8). Test support only.
 */
export class TorchCpuRandn {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  constructor(seed: number) {
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** One 32-bit output of MT19937. */
  next32(): number {
    if (this.index >= 624) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y = (y ^ ((y << 7) & 0x9d2c5680)) >>> 0;
    y = (y ^ ((y << 15) & 0xefc60000)) >>> 0;
    return (y ^ (y >>> 18)) >>> 0;
  }

  /** `n` standard normals as torch.randn(n) draws them (n ≥ 16). */
  randn(n: number): Float32Array {
    if (n < 16) throw new RangeError(`randn: this port covers tensors of ≥ 16 elements, got ${n}`);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = this.uniform();
    for (let i = 0; i + 16 <= n; i += 16) fill16(data, i);
    if (n % 16 !== 0) {
      const start = n - 16;
      for (let i = 0; i < 16; i++) data[start + i] = this.uniform();
      fill16(data, start);
    }
    return data;
  }

  private uniform(): number {
    return (this.next32() & 0xffffff) * 2 ** -24;
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < 624; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % 624]! & 0x7fffffff);
      let v = mt[(i + 397) % 624]! ^ (y >>> 1);
      if (y & 1) v ^= 0x9908b0df;
      mt[i] = v >>> 0;
    }
    this.index = 0;
  }
}

function fill16(data: Float32Array, at: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = Math.fround(1 - data[at + j]!);
    const u2 = data[at + j + 8]!;
    const radius = Math.fround(Math.sqrt(Math.fround(-2 * Math.fround(Math.log(u1)))));
    const theta = Math.fround(2 * Math.PI * u2);
    data[at + j] = radius * Math.fround(Math.cos(theta));
    data[at + j + 8] = radius * Math.fround(Math.sin(theta));
  }
}
