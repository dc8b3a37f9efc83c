#!/usr/bin/env python3
"""Independent reference values for snae's portable random numbers.

Re-implements, from the descriptions in docs/reproducibility.md and not from
snae's code, MT19937-64 (the C++ standard's std::mt19937_64), the splitmix64
seeding and the Box-Muller transform, with mpmath at 128 bits. Prints the
values pinned in tests/reproducibility_test.cpp. Requires mpmath; run with
    python3 tests/reference/rng_reference.py
"""
import mpmath

MASK = (1 << 64) - 1


class MT19937_64:
    def __init__(self, seed):
        self.mt = [0] * 312
        self.mt[0] = seed & MASK
        for i in range(1, 312):
            self.mt[i] = (6364136223846793005 * (self.mt[i - 1] ^ (self.mt[i - 1] >> 62)) + i) & MASK
        self.i = 312

    def next(self):
        if self.i >= 312:
            for k in range(312):
                y = (self.mt[k] & 0xFFFFFFFF80000000) | (self.mt[(k + 1) % 312] & 0x7FFFFFFF)
                v = self.mt[(k + 156) % 312] ^ (y >> 1)
                if y & 1:
                    v ^= 0xB5026F5AA96619E9
                self.mt[k] = v
            self.i = 0
        x = self.mt[self.i]
        self.i += 1
        x ^= (x >> 29) & 0x5555555555555555
        x ^= (x << 17) & 0x71D67FFFEDA60000
        x ^= (x << 37) & 0xFFF7EEE000000000
        x ^= x >> 43
        return x & MASK


def splitmix64(x):
    x = (x + 0x9E3779B97F4A7C15) & MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def engine(seed, stream):
    return MT19937_64(splitmix64(seed ^ ((0x9E3779B97F4A7C15 * stream) & MASK)))


def gaussians(eng, count, scale):
    mpmath.mp.prec = 128
    out = []
    s = mpmath.mpf(scale)
    while len(out) < count:
        a = (eng.next() >> 11) + 1
        b = eng.next() >> 11
        u1 = mpmath.ldexp(a, -53)
        u2 = mpmath.ldexp(b, -53)
        r = mpmath.sqrt(-2 * mpmath.log(u1))
        t = u2 * (2 * mpmath.pi)
        out.append(float(r * mpmath.cos(t) * s))
        if len(out) < count:
            out.append(float(r * mpmath.sin(t) * s))
    return out


if __name__ == "__main__":
    e = MT19937_64(5489)
    for _ in range(9999):
        e.next()
    print("mt19937_64 default seed, 10000th output:", e.next())
    print("splitmix64(0):", hex(splitmix64(0)))
    eng = engine(42, 2)
    print("first raw output, seed 42, init stream:", eng.next())
    for seed in (0, 42):
        g = gaussians(engine(seed, 2), 5, "1")
        print("seed %d init stream, scale 1:" % seed, ", ".join(repr(x) for x in g))
