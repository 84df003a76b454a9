"""A pure-PyTorch reference of diffusers' DDIMScheduler / DDPMScheduler step formulas (float64), for
diffusers-reference.test.ts. Written from diffusers' published algorithms (not imported). Reads a JSON list of
configs from argv[1]; prints, for each, {"sum": Σ|x|, "mean": mean |x|} of the dummy-model loop's final sample."""
import json, math, sys
import torch

def run(c):
    T = c.get("T", 1000)
    dt = torch.float64


    def betas_for(kind, b0, b1):
        if kind == "linear":
            return torch.linspace(b0, b1, T, dtype=dt)
        if kind == "scaled_linear":
            return torch.linspace(b0 ** 0.5, b1 ** 0.5, T, dtype=dt) ** 2
        f = lambda u: math.cos((u + 0.008) / 1.008 * math.pi / 2) ** 2
        return torch.tensor([min(1 - f((i + 1) / T) / f(i / T), 0.999) for i in range(T)], dtype=dt)


    betas = betas_for(c.get("schedule", "linear"), c.get("betaStart", 1e-4), c.get("betaEnd", 0.02))
    if c.get("rescale", False):
        s = torch.cumprod(1 - betas, 0).sqrt()
        s0, sT = s[0].clone(), s[-1].clone()
        s = (s - sT) * s0 / (s0 - sT)
        ab = s ** 2
        betas = 1 - torch.cat([ab[0:1], ab[1:] / ab[:-1]])
    ac = torch.cumprod(1 - betas, 0)
    final = torch.tensor(1.0, dtype=dt) if c.get("setAlphaToOne", True) else ac[0]

    n_steps = c["steps"]
    spacing = c.get("spacing", "leading")
    if spacing == "linspace":
        ts = [int(v) for v in torch.linspace(0, T - 1, n_steps, dtype=dt).round().flip(0).tolist()]
    elif spacing == "leading":
        r = T // n_steps
        ts = [k * r + c.get("stepsOffset", 0) for k in range(n_steps - 1, -1, -1)]
    else:
        r = T / n_steps
        ts = [int(round(T - k * r)) - 1 for k in range(n_steps)]

    n = 768
    sample = (torch.arange(n).reshape(3, 8, 8, 4) / n).permute(3, 0, 1, 2).to(dt)
    g = torch.manual_seed(0)
    pred = c.get("prediction", "epsilon")


    def threshold(x0):
        flat = x0.reshape(x0.shape[0], -1)
        s = torch.quantile(flat.abs(), c.get("ratio", 0.995), dim=1).clamp(min=1, max=c.get("maxValue", 1.0))
        return (torch.max(torch.min(flat, s[:, None]), -s[:, None]) / s[:, None]).reshape(x0.shape)


    def process_x0(x0):
        if c.get("thresholding", False):
            return threshold(x0)
        if c.get("clip", True):
            return x0.clamp(-1, 1)
        return x0


    def split(x, out, a_t):
        b_t = 1 - a_t
        if pred == "epsilon":
            return (x - b_t ** 0.5 * out) / a_t ** 0.5, out
        if pred == "sample":
            return out, (x - a_t ** 0.5 * out) / b_t ** 0.5
        return a_t ** 0.5 * x - b_t ** 0.5 * out, a_t ** 0.5 * out + b_t ** 0.5 * x


    x = sample
    for i, t in enumerate(ts):
        out = x * t / (t + 1)
        a_t = ac[t]
        if c["step"] == "ddim":
            prev = t - T // n_steps if c.get("fixedStride", True) else (ts[i + 1] if i + 1 < len(ts) else -1)
            a_p = ac[prev] if prev >= 0 else final
            x0, eps = split(x, out, a_t)
            x0 = process_x0(x0)
            var = (1 - a_p) / (1 - a_t) * (1 - a_t / a_p)
            std = c.get("eta", 0.0) * var ** 0.5
            if c.get("useClipped", False):
                eps = (x - a_t ** 0.5 * x0) / (1 - a_t) ** 0.5
            x = a_p ** 0.5 * x0 + (1 - a_p - std ** 2) ** 0.5 * eps
            if c.get("eta", 0.0) > 0:
                x = x + std * torch.randn(x.shape, generator=g, dtype=torch.float32).to(dt)
        else:
            prev = ts[i + 1] if i + 1 < len(ts) else -1
            a_p = ac[prev] if prev >= 0 else torch.tensor(1.0, dtype=dt)
            cur_b = 1 - a_t / a_p
            x0, _ = split(x, out, a_t)
            x0 = process_x0(x0)
            mean = a_p ** 0.5 * cur_b / (1 - a_t) * x0 + (a_t / a_p) ** 0.5 * (1 - a_p) / (1 - a_t) * x
            if t > 0:
                z = torch.randn(x.shape, generator=g, dtype=torch.float32).to(dt)
                small = torch.clamp((1 - a_p) / (1 - a_t) * cur_b, min=1e-20)
                if c["variance"] == "fixed_small":
                    mean = mean + small ** 0.5 * z
                elif c["variance"] == "fixed_large":
                    mean = mean + cur_b ** 0.5 * z
                else:  # learned_range with the dummy variance output v = 2·sample − 1
                    frac = (2 * sample - 1 + 1) / 2
                    logv = frac * torch.log(cur_b) + (1 - frac) * torch.log(small)
                    mean = mean + torch.exp(0.5 * logv) * z
            x = mean

    return {"sum": x.abs().sum().item(), "mean": x.abs().mean().item()}


print(json.dumps([run(c) for c in json.loads(sys.argv[1])]))
