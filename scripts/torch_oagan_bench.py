"""PyTorch reference for `unveil bench oagan-generator` and `unveil bench oagan-train`.

Mirrors, layer for layer and loss for loss:
  Sources/Deocclusion/OAGAN/OAGANConfig.swift          presets (`paper` for input > 64, `small` for <= 64)
  Sources/Deocclusion/OAGAN/OAGANGenerator.swift       generator (occlusion-aware + completion modules)
  Sources/Deocclusion/OAGAN/OAGANSequential.swift      conv/deconv + affine InstanceNorm + ReLU units, residual block
  Sources/Deocclusion/OAGAN/OAGANDiscriminator.swift   WGAN critic with the attribute head
  Sources/Deocclusion/OAGAN/FeatureNetwork.swift,
  Sources/Deocclusion/OAGAN/VGG16Features.swift        `RandomConvFeatures` (PerceptualSpec.randomConv(seed: 1))
  Sources/Deocclusion/OAGAN/OAGANTrainer.swift         `trainStep` (adversarial phase), `generatorUpdate`, `apply`
  Sources/Deocclusion/OAGAN/OAGANLosses.swift,
  Sources/Deocclusion/OAGAN/OAGANLossWeights.swift     loss terms and weights
  Sources/Deocclusion/OAGAN/OAGANBenchmark.swift       random inputs in [-1, 1], criticStepsPerGeneratorStep = 1
  Sources/NeuralNet/Benchmark.swift                    1 warm-up run, `--runs` timed runs, median

so that the Swift numbers can be put against PyTorch's as a ratio. Parameter keys follow the
Swift ones (`main.0.weight`, `attetion_reg.0.weight`, `img_reg.…`, D `main.…`, `conv1`, `conv2`).
Weights are random (initialised as the Swift code does); only the timing matters.

A development tool: not used by the build, the tests or at run time. Needs only torch.

Run (CPU, 2 threads, as the Swift benchmark at batch 8):
  python scripts/torch_oagan_bench.py --workload generator --input-size 128 --batch-size 8 --runs 5 --threads 2
  python scripts/torch_oagan_bench.py --workload train     --input-size 128 --batch-size 8 --runs 5 --threads 2
and compare with
  unveil bench oagan-generator --input-size 128 --batch-size 8 --runs 5 --json
  unveil bench oagan-train     --input-size 128 --batch-size 8 --runs 5 --json
(`unveil bench`'s own default --batch-size is 32: pass the same value to both.)
`--count-parameters` prints the generator's and critic's parameter counts (module count and the
count implied by the Swift config, which must agree) instead of timing.
Prints one JSON line.
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# OAGANAttributes.paper: ten CelebA attributes (both presets use them).
ATTRIBUTES = 10


def oagan_config(input_size):
    """OAGANBenchmark.config(inputSize:): `small` preset at <= 64, else `paper`, with inputSize overridden."""
    if input_size <= 64:
        c = dict(preset="small", generator_width=16, discriminator_width=16, discriminator_layers=5,
                 pooling_stages=2, downsampling=2)
    else:
        c = dict(preset="paper", generator_width=64, discriminator_width=64, discriminator_layers=6,
                 pooling_stages=3, downsampling=1)
    c.update(input_size=input_size, residual_blocks=6, leaky_slope=0.01, attributes=ATTRIBUTES,
             mask_bias=None,
             # OAGANTrainingSettings defaults
             learning_rate=1e-4, beta1=0.5, beta2=0.999, adam_eps=1e-8,
             # OAGANLossWeights defaults
             w_perceptual=0.05, w_style=120.0, w_pixel=1.0, hole=6.0, valid=1.0, w_smooth=1e-3,
             w_mask=-1.0, w_adversarial=1.0, w_critic_adversarial=1.0, w_attribute=2000.0 / 48.0,
             w_gradient_penalty=10.0, w_mask_supervision=0.0)
    s = input_size
    assert s % 8 == 0 and s % (1 << c["discriminator_layers"]) == 0, "inputSize must be a multiple of 8 and 2^layers"
    assert s % (c["downsampling"] << c["pooling_stages"]) == 0
    c["discriminator_final_size"] = s >> c["discriminator_layers"]
    return c


# ---------------------------------------------------------------------------------------------
# Networks (OAGANSequential.swift, OAGANGenerator.swift, OAGANDiscriminator.swift)

def _normal_conv(conv):
    nn.init.normal_(conv.weight, 0.0, 0.02)   # .normal(standardDeviation: 0.02), no bias
    return conv


def conv_norm_relu(i, o, k, s, p):
    """convNormReLU: conv (no bias, N(0, 0.02)) -> affine InstanceNorm (eps 1e-5) -> ReLU."""
    return [_normal_conv(nn.Conv2d(i, o, k, s, p, bias=False)),
            nn.InstanceNorm2d(o, affine=True, eps=1e-5), nn.ReLU(inplace=True)]


def deconv_norm_relu(i, o):
    """deconvNormReLU: transposed conv 4x4/2 pad 1 (no bias) -> affine InstanceNorm -> ReLU."""
    return [_normal_conv(nn.ConvTranspose2d(i, o, 4, 2, 1, bias=False)),
            nn.InstanceNorm2d(o, affine=True, eps=1e-5), nn.ReLU(inplace=True)]


class ResidualBlock(nn.Module):
    """OAGANResidualBlock: x + IN(conv3x3(ReLU(IN(conv3x3(x)))))."""

    def __init__(self, c):
        super().__init__()
        self.main = nn.Sequential(*conv_norm_relu(c, c, 3, 1, 1), *conv_norm_relu(c, c, 3, 1, 1)[:-1])

    def forward(self, x):
        return x + self.main(x)


class Generator(nn.Module):
    def __init__(self, cfg):
        super().__init__()
        w = cfg["generator_width"]
        stages = conv_norm_relu(3, w, 7, 1, 3)
        c = w
        for _ in range(2):
            stages += conv_norm_relu(c, c * 2, 4, 2, 1)
            c *= 2
        for _ in range(cfg["residual_blocks"]):
            stages.append(ResidualBlock(c))
        for _ in range(2):
            stages += deconv_norm_relu(c, c // 2)
            c //= 2
        self.main = nn.Sequential(*stages)
        head = _normal_conv(nn.Conv2d(c, 1, 7, 1, 3, bias=cfg["mask_bias"] is not None))
        if cfg["mask_bias"] is not None:
            nn.init.constant_(head.bias, cfg["mask_bias"])
        self.attetion_reg = nn.Sequential(head)   # the public code's spelling, as the Swift keys
        completion = []
        for _ in range(3):
            completion += conv_norm_relu(c, c * 2, 4, 2, 1)
            c *= 2
        for _ in range(3):
            completion += deconv_norm_relu(c, c // 2)
            c //= 2
        completion += [_normal_conv(nn.Conv2d(c, 3, 7, 1, 3, bias=False)), nn.Tanh()]
        self.img_reg = nn.Sequential(*completion)

    def forward(self, occluded):
        """Returns (mask, mask_logits, synthesized, recovered) as OAGANGeneratorOutput."""
        features = self.main(occluded)
        logits = self.attetion_reg(features)
        mask = torch.sigmoid(logits)
        synthesized = self.img_reg(mask * features)
        recovered = mask * occluded + (1 - mask) * synthesized   # OAGANGenerator.compose
        return mask, logits, synthesized, recovered


class Discriminator(nn.Module):
    """Trunk of conv 4x4/2 pad 1 (bias) + LeakyReLU(0.01), channels doubling; critic head conv
    3x3/1 pad 1 and attribute head conv FxF (no bias); PyTorch default initialisation."""

    def __init__(self, cfg):
        super().__init__()
        stages, i, c = [], 3, cfg["discriminator_width"]
        for _ in range(cfg["discriminator_layers"]):
            stages += [nn.Conv2d(i, c, 4, 2, 1, bias=True), nn.LeakyReLU(cfg["leaky_slope"])]
            i, c = c, c * 2
        self.main = nn.Sequential(*stages)
        self.conv1 = nn.Conv2d(i, 1, 3, 1, 1, bias=False)
        self.attributes = cfg["attributes"]
        self.conv2 = (nn.Conv2d(i, self.attributes, cfg["discriminator_final_size"], 1, 0, bias=False)
                      if self.attributes else None)

    def forward(self, images):
        """Returns (critic map [N, 1, F, F], attributes [N, A] or None); both heads always run."""
        trunk = self.main(images)
        attributes = self.conv2(trunk).reshape(images.shape[0], self.attributes) if self.conv2 is not None else None
        return self.conv1(trunk), attributes


class RandomConvFeatures(nn.Module):
    """RandomConvFeatures (the `random:1` stand-in for VGG-16): input conversion as a frozen
    k x k/k conv (identity scale, zero shift, average pooling by `downsampling`), then per stage
    conv3x3 pad 1 (16 << stage channels, He-normal, no bias) -> ReLU -> maxpool 2x2; frozen."""

    def __init__(self, cfg, seed=1):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        k = cfg["downsampling"]
        conv_w = torch.zeros(3, 3, k, k)
        for o in range(3):
            conv_w[o, o] = 1.0 / (k * k)
        self.register_buffer("conversion_weight", conv_w)
        self.register_buffer("conversion_bias", torch.zeros(3))
        self.k = k
        weights, i = [], 3
        for stage in range(cfg["pooling_stages"]):
            c = 16 << stage
            weights.append(torch.randn(c, i, 3, 3, generator=g) * (2.0 / (i * 9)) ** 0.5)
            i = c
        for n, w in enumerate(weights):
            self.register_buffer(f"w{n}", w)
        self.stages = len(weights)

    def forward(self, images):
        x = F.conv2d(images, self.conversion_weight, self.conversion_bias, stride=self.k)
        outputs = []
        for n in range(self.stages):
            x = F.max_pool2d(F.relu(F.conv2d(x, getattr(self, f"w{n}"), None, 1, 1)), 2, 2)
            outputs.append(x)
        return outputs


# ---------------------------------------------------------------------------------------------
# Losses (OAGANLosses.swift, NeuralNet/Ops/Losses.swift)

def gram(x):
    n, c, h, w = x.shape
    f = x.reshape(n, c, h * w)
    return torch.bmm(f, f.transpose(1, 2)) / (c * h * w)


def total_variation(x):
    return (x[:, :, 1:, :] - x[:, :, :-1, :]).abs().sum() + (x[:, :, :, 1:] - x[:, :, :, :-1]).abs().sum()


def perceptual_loss(synth, rec, truth):
    return sum((s - t).abs().mean() + (r - t).abs().mean() for s, r, t in zip(synth, rec, truth))


def style_loss(synth, rec, truth):
    total = 0
    for s, r, t in zip(synth, rec, truth):
        target = gram(t)
        total = total + (gram(s) - target).abs().mean() + (gram(r) - target).abs().mean()
    return total


def pixel_loss(recovered, truth, mask, hole, valid):
    difference = (recovered - truth).abs()
    region = mask.detach()   # region weights are not differentiated
    return hole * ((1 - region) * difference).mean() + valid * (region * difference).mean()


def gradient_penalty(discriminator, real, fake, alpha):
    n = real.shape[0]
    interpolated = (alpha.view(n, 1, 1, 1) * real + (1 - alpha.view(n, 1, 1, 1)) * fake).requires_grad_(True)
    score = discriminator(interpolated)[0].sum()
    gradient, = torch.autograd.grad(score, interpolated, create_graph=True)
    norms = torch.sqrt(gradient.square().reshape(n, -1).sum(1) + 1e-12)
    return (norms - 1).square().mean()


class LossSum:
    """LossSum: weighted sum that reads each term's value (as `term.value.scalars[0]`)."""

    def __init__(self):
        self.total, self.terms = None, []

    def add(self, name, term, weight):
        self.terms.append((name, term.item()))
        weighted = weight * term
        self.total = weighted if self.total is None else self.total + weighted


def apply(loss, optimizer):
    """OAGANTrainer.apply: refuse non-finite terms, zero gradients, backward, Adam step."""
    for name, value in loss.terms:
        if value != value or value in (float("inf"), float("-inf")):
            raise RuntimeError(f"non-finite loss term {name} = {value}")
    optimizer.zero_grad()
    loss.total.backward()
    optimizer.step()


# ---------------------------------------------------------------------------------------------
# Workloads (OAGANBenchmark.swift)

def generator_workload(cfg, batch_size):
    generator = Generator(cfg)
    x = torch.rand(batch_size, 3, cfg["input_size"], cfg["input_size"]) * 2 - 1

    def step():
        with torch.no_grad():
            generator(x)[3]
    return step


def train_workload(cfg, batch_size):
    s, a = cfg["input_size"], cfg["attributes"]
    generator, discriminator, features = Generator(cfg), Discriminator(cfg), RandomConvFeatures(cfg, seed=1)
    betas = (cfg["beta1"], cfg["beta2"])
    g_opt = torch.optim.Adam(generator.parameters(), lr=cfg["learning_rate"], betas=betas, eps=cfg["adam_eps"])
    d_opt = torch.optim.Adam(discriminator.parameters(), lr=cfg["learning_rate"], betas=betas, eps=cfg["adam_eps"])
    # batchSize paired samples: occluded and ground truth uniform in [-1, 1], attributes in {0, 1}.
    occluded_pool = torch.rand(batch_size, 3, s, s) * 2 - 1
    truth_pool = torch.rand(batch_size, 3, s, s) * 2 - 1
    attribute_pool = torch.randint(0, 2, (batch_size, a)).float() if a else None

    def step():
        # OAGANBatch.draw(.paired): batchSize samples drawn with replacement; α ~ U[0, 1) per sample.
        index = torch.randint(0, batch_size, (batch_size,))
        occluded, truth = occluded_pool[index], truth_pool[index]
        attributes = attribute_pool[index] if attribute_pool is not None else None
        alpha = torch.rand(batch_size)

        # Critic update. The generator's forward is recorded once (criticStepsPerGeneratorStep = 1:
        # every step updates G) and its value is the critic's fake.
        mask, _, synthesized, recovered = generator(occluded)
        fake = recovered.detach()
        real_critic, real_attributes = discriminator(truth)
        fake_critic, _ = discriminator(fake)
        critic = LossSum()
        critic.add("D.adv", fake_critic.mean() - real_critic.mean(), cfg["w_critic_adversarial"])
        critic.add("D.gp", gradient_penalty(discriminator, truth, fake, alpha), cfg["w_gradient_penalty"])
        if real_attributes is not None and attributes is not None:
            critic.add("D.attr", (real_attributes - attributes).square().mean(), cfg["w_attribute"])
        apply(critic, d_opt)

        # Generator update (Eq. 8, paired batch) on the recorded forward, critic after its update.
        critic_map, predicted_attributes = discriminator(recovered)
        loss = LossSum()
        loss.add("G.adv", 0 - critic_map.mean(), cfg["w_adversarial"])
        loss.add("G.smooth", (total_variation(recovered) + total_variation(mask)) / recovered.shape[0],
                 cfg["w_smooth"])
        loss.add("G.mask", mask.mean().square(), cfg["w_mask"])
        with torch.no_grad():
            truth_features = features(truth)
        synthesized_features = features(synthesized)
        recovered_features = features(recovered)
        loss.add("G.pixel", pixel_loss(recovered, truth, mask, cfg["hole"], cfg["valid"]), cfg["w_pixel"])
        loss.add("G.perc", perceptual_loss(synthesized_features, recovered_features, truth_features),
                 cfg["w_perceptual"])
        loss.add("G.style", style_loss(synthesized_features, recovered_features, truth_features), cfg["w_style"])
        # maskSupervision is 0 by default (and the benchmark's samples have no masks): no mask term.
        if predicted_attributes is not None and attributes is not None:
            loss.add("G.attr", (predicted_attributes - attributes).square().mean(), cfg["w_attribute"])
        apply(loss, g_opt)
    return step


# ---------------------------------------------------------------------------------------------
# Parameter counts

def module_parameters(module):
    return sum(p.numel() for p in module.parameters())


def swift_generator_parameters(cfg):
    """Count implied by OAGANGenerator.swift: convs without bias, affine IN (2C) after each."""
    total, c = 0, cfg["generator_width"]
    total += 3 * c * 49 + 2 * c
    for _ in range(2):
        total += c * 2 * c * 16 + 2 * (2 * c)
        c *= 2
    total += cfg["residual_blocks"] * 2 * (c * c * 9 + 2 * c)
    for _ in range(2):
        total += c * (c // 2) * 16 + 2 * (c // 2)
        c //= 2
    total += c * 49 + (1 if cfg["mask_bias"] is not None else 0)
    for _ in range(3):
        total += c * 2 * c * 16 + 2 * (2 * c)
        c *= 2
    for _ in range(3):
        total += c * (c // 2) * 16 + 2 * (c // 2)
        c //= 2
    return total + c * 3 * 49


def swift_discriminator_parameters(cfg):
    """Count implied by OAGANDiscriminator.swift: trunk convs with bias, two bias-free heads."""
    total, i, c = 0, 3, cfg["discriminator_width"]
    for _ in range(cfg["discriminator_layers"]):
        total += i * c * 16 + c
        i, c = c, c * 2
    f = cfg["discriminator_final_size"]
    return total + i * 9 + i * cfg["attributes"] * f * f


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workload", choices=["generator", "train"], required=True)
    parser.add_argument("--input-size", type=int, default=128)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count-parameters", action="store_true",
                        help="print G and D parameter counts (module and Swift-implied) and exit")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    cfg = oagan_config(args.input_size)

    if args.count_parameters:
        g, d = module_parameters(Generator(cfg)), module_parameters(Discriminator(cfg))
        gs, ds = swift_generator_parameters(cfg), swift_discriminator_parameters(cfg)
        print(json.dumps({"preset": cfg["preset"], "input_size": args.input_size,
                          "generator_parameters": g, "generator_parameters_swift_config": gs,
                          "discriminator_parameters": d, "discriminator_parameters_swift_config": ds,
                          "match": g == gs and d == ds}))
        if g != gs or d != ds:
            raise SystemExit(1)
        return

    make = generator_workload if args.workload == "generator" else train_workload
    step = make(cfg, args.batch_size)
    step()   # warm-up (Benchmark(warmupRuns: 1))
    times = []
    for _ in range(max(1, args.runs)):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    median = sorted(times)[len(times) // 2]   # as Benchmark.measure (upper median for even counts)
    print(json.dumps({"workload": args.workload, "preset": cfg["preset"], "input_size": args.input_size,
                      "batch_size": args.batch_size, "runs": len(times), "median_seconds": median,
                      "images_per_second": args.batch_size / median, "torch_version": torch.__version__,
                      "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
