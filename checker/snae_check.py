#!/usr/bin/env python3
"""snae_check: an independent checker of snae certificates (format version 1).

    python3 checker/snae_check.py FILE_OR_DIR... [--bits P]

Prints `ACCEPT <file>: <what was proven>` or `REJECT <file>: <claim>: <why>`
per certificate; exit status 0 iff all are accepted, 1 if one is rejected,
2 if an input cannot be read. It uses Python's standard library only and
nothing of snae: every claim is re-established from the instance alone.

THE MODEL, derived from its definition. Data x_1..x_n in R^d with X X^T = I
(checked exactly); c_i(w) = <w, x_i>, N = ||w||^2, sigma = relu or linear,
l_i(w) = 1/2 ||x_i - sigma(c_i) w||^2. On the active branch (sigma(c) = c):
  l_i = 1/2 (||x_i||^2 - 2 c_i <x_i, w> + c_i^2 N) = 1/2 - c_i^2 + c_i^2 N / 2,
using ||x_i|| = 1 and <x_i, w> = c_i. With grad c_i = x_i and grad N = 2w:
  grad l_i = c_i (N - 2) x_i + c_i^2 w,
  Hess l_i = c_i^2 I + 2 c_i (w x_i^T + x_i w^T) + (N - 2) x_i x_i^T.
In general grad l_i = -sigma(c_i)(x_i - sigma(c_i) w) - sigma'(c_i)(c_i -
sigma(c_i) N) x_i, so a relu sample with c_i <= 0 (sigma(c_i) = 0 and, by the
convention sigma'(0) = 0, sigma'(c_i) = 0) contributes 0. Hess is also tied
to the definition: along each claimed eigenvector v, t -> L(w* + t v) is a
quartic, whose second derivative at 0 the five-point stencil gives exactly.

ONE STEP IN DATA COORDINATES. Write w = sum_i c_i x_i + r, r _|_ every x_i.
A step on a batch B (a list; an index may repeat), m = |B|, h = eta/m, with
A the active entries of B and S_B = sum_{b in A} c_b^2 (with repeats):
  w' = w - h sum_{b in A} grad l_b = (1 - h S_B) w - h (N - 2) sum_{b in A} c_b x_b.
Taking <., x_j> and the part orthogonal to the data, with mu_j = #{b in A: b = j}:
  c_j' = c_j (1 - h (S_B + mu_j (N - 2))),   r' = r (1 - h S_B).
So every coordinate is multiplied by a factor; while factors are > 0, signs
(hence the relu active set) never change.

GD AS A PAIR MAP. Full batch (m = n, mu_j = 1 on A). Let P = {i : c_i(w0) > 0}
(relu) or all i (linear), a0 = sum_{i in P} c_i(w0) x_i, r0 = w0 - a0. If
w = (u/u0) a0 + (v/v0) r0 with the active set P, then S = u^2, N = u^2 + v^2,
P's coordinates get 1 - h(2u^2 + v^2 - 2) and all else (r0 holds the rest)
1 - h u^2, h = eta/n. So the form persists with
  Phi_h(u, v) = (u (1 - h (2u^2 + v^2 - 2)), v (1 - h u^2)),
as long as (relu) both factors are > 0, which keeps the active set P. Since
a0 _|_ r0: ||w - a0/u0||^2 = (u - 1)^2 + v^2 <= 2 max(|u - 1|, v)^2. Jacobian:
  [[1 - h(6u^2 + v^2 - 2), -2huv], [-2huv, 1 - h u^2]].
On a box R with Phi(R) in R and sup_R max_i sum_j |J_ij| <= rho < 1, the mean
value theorem on the convex R makes Phi a rho-contraction in the max norm;
(1, 0) in R is fixed, so every orbit entering R converges to it at rate rho.

SGD ONCE ONE COORDINATE IS LEFT (relu). If c_k > 0 and c_i <= 0 for i != k,
a batch without k has no active entry: S_B = 0, w unchanged. A batch of size
m with k once has S_B = c_k^2, N = c_k^2 + rho^2, rho^2 = sum_{i!=k} c_i^2 +
||r||^2: c_k gets 1 - h(2c_k^2 + rho^2 - 2), everything else 1 - h c_k^2,
which is Phi_{eta/m} on (c_k, rho). (Batches are sets of distinct indices in
a continuation; the prefix step above also allows repeats.)

TWO-CYCLE ON v = 0. Phi_h keeps v = 0 and acts there by f(u) = u(1 - h(2u^2
- 2)), f'(u) = 1 + 2h - 6hu^2. A zero of g = f o f - id: if N(X) = m -
g(m)/g'(X) lies strictly inside X, g has exactly one zero in X (interval
Newton), g' = f'(f(u)) f'(u) - 1. At v = 0 the Jacobian is diagonal, so the
multipliers of Phi o Phi at (u_1, 0) are (f o f)'(u_1) and
(1 - h u_1^2)(1 - h u_2^2), u_2 = f(u_1). Repulsion: |J_11| > 1 on a box N
around (1, 0) makes |f(u) - 1| > |u - 1| on the ray v = 0 (mean value).

THE HESSIAN AT AN IRRATIONAL POINT OF M. At w* = y/||m||, y = sum m_i x_i,
the factors of Hess l_i above are c_i^2 = <y, x_i>^2/||m||^2, c_i w* = <y, x_i>
y/||m||^2 and N = ||y||^2/||m||^2: rational, so H is an exact rational matrix
although w* is not, and the number of its eigenvalues below s is decided
exactly: H - s I, scaled to integers, is eliminated fraction-free (Bareiss)
with symmetric pivoting; its pivots are ratios of consecutive leading
principal minors, and by Sylvester's law of inertia their signs count the
eigenvalues below s. Clusters: if (lo_j, hi_j) holds m_j eigenvalues, the
m_j sum to d, and the balls (c_j - r, c_j + r) containing them are disjoint,
then each ball holds exactly m_j eigenvalues and there are no others.

GD AGAINST ITS RECURRENCE, IN BOXES. Full-batch GD is the data-coordinate
step with B = all samples (mu = 1 on the active ones), so the checker
iterates the boxes c_i(w_t) and q_t = ||r_t||^2, deciding every relu branch,
and r_t = g_t r_perp with g_t the product of the factors 1 - h S. Then
w_t - (alpha_t a0 + beta_t r0) = sum_i (c_i(w_t) - gamma_i c_i(w0)) x_i
+ (g_t - beta_t) r_perp, gamma_i = alpha_t on P and beta_t off it, with
alpha_t, beta_t boxes of their own recurrence. While P is the active set
the exact difference is 0; the boxes must show each coordinate within eps.

ITERATING A BOX. F(X) is enclosed by F(m) + J(X)(X - m), m in X (the mean
value theorem per component), met with the naive F(X): a naive u(1 - h(2u^2
- 2)) widens boxes by about 1 + 8h per step where the map contracts.

ARITHMETIC. EXACT kinds: Fraction. CERTIFIED kinds: intervals whose
endpoints are integers over 2^P (P = 600 unless --bits), rounded outward
after every operation, so each box contains every exact value it stands for;
interval-gd-recurrence takes P from eps and T and retries a claim its boxes
could not decide (never a false one) on grids 2 and 4 times finer;
interval-spectrum needs no grid: its counts are exact.
"""
import json
import math
import os
import re
import sys
from fractions import Fraction as Q

BITS = BASE_BITS = 600  # the grid 2^-BITS of the interval endpoints; see set_grid
if hasattr(sys, "set_int_max_str_digits"):  # exact rationals may have millions of digits
    sys.set_int_max_str_digits(0)


class Reject(Exception):
    """A claim that does not hold: str(self) names it and says why."""


class Undecided(Reject):
    """A claim the boxes were too wide to decide: worth a finer grid."""


def need(cond, claim, why="", error=Reject):
    if not cond:
        raise error(claim + (": " + why if why else ""))


def decide(surely, surely_not, claim, why):
    """A three-valued check on boxes: reject if surely false, Undecided if neither."""
    need(not surely_not, claim, why)
    need(surely, claim, why + " (undecided on the grid 2^-%d)" % BITS, Undecided)


def on_finer_grids(run, bits, tries=3):
    """run() on the grid 2^-bits, then 2^-2bits, ...: only an Undecided claim is retried."""
    global BITS
    for k in range(tries):
        BITS = bits << k
        try:
            return run()
        except Undecided as e:
            last = e
    raise last


def power_of_two(x, what):
    need(x > 0 and x.numerator & (x.numerator - 1) == 0
         and x.denominator & (x.denominator - 1) == 0, what, "is not a power of two: %s" % x)
    return x


def log2(x):  # of a power of two
    return x.numerator.bit_length() - x.denominator.bit_length()


# ---------------------------------------------------------------- numbers
RATIONAL = r"-?[0-9]+(/[0-9]*[1-9][0-9]*)?"


def num(s, what):
    """An exact rational from "p/q" or "p" (decimal integers, q > 0)."""
    ok = isinstance(s, str) and re.fullmatch(RATIONAL, s)
    need(ok, what, "is not a rational p/q with q > 0: %r" % (s,))
    p, _, q = s.partition("/")
    return Q(int(p), int(q or 1))


def vec(a, length, what):
    need(isinstance(a, list) and len(a) == length, what, "needs %d entries" % length)
    return [num(s, "%s[%d]" % (what, j)) for j, s in enumerate(a)]


def integer(a, what, lo=0):
    need(isinstance(a, int) and not isinstance(a, bool) and a >= lo, what,
         "is not an integer >= %d" % lo)
    return a


def box(a, k, what):
    need(isinstance(a, list) and len(a) == k, what, "needs %d intervals" % k)
    out = []
    for j, c in enumerate(a):
        lo, hi = vec(c, 2, "%s[%d]" % (what, j))
        need(lo <= hi, what, "component %d has lo > hi" % j)
        out.append((lo, hi))
    return out


def dot(a, b):
    return sum((x * y for x, y in zip(a, b)), Q(0))


# -------------------------------------------------------------- intervals
class I:
    """[lo, hi] = [a/2^P, b/2^P]; every operation rounds outward."""
    __slots__ = ("a", "b")

    def __init__(self, a, b):
        self.a, self.b = a, b

    @staticmethod
    def of(lo, hi=None):  # tightest grid interval containing [lo, hi]
        hi = lo if hi is None else hi
        s = 1 << BITS
        return I((lo.numerator * s) // lo.denominator,
                 -((-hi.numerator * s) // hi.denominator))

    lo = property(lambda self: Q(self.a, 1 << BITS))
    hi = property(lambda self: Q(self.b, 1 << BITS))
    mid = property(lambda self: Q(self.a + self.b, 2 << BITS))

    def __add__(self, o):
        o = lift(o)
        return I(self.a + o.a, self.b + o.b)

    def __sub__(self, o):
        o = lift(o)
        return I(self.a - o.b, self.b - o.a)

    def __neg__(self):
        return I(-self.b, -self.a)

    def __mul__(self, o):
        o = lift(o)
        p = [self.a * o.a, self.a * o.b, self.b * o.a, self.b * o.b]
        return I(min(p) >> BITS, -((-max(p)) >> BITS))

    __radd__ = __add__
    __rmul__ = __mul__

    def __rsub__(self, o):
        return lift(o) - self

    def sq(self):  # the range of x^2, tighter than self * self
        m = max(abs(self.a), abs(self.b))
        low = 0 if self.a <= 0 <= self.b else min(abs(self.a), abs(self.b))
        return I((low * low) >> BITS, -((-m * m) >> BITS))

    def inv(self):
        need(self.a > 0 or self.b < 0, "division", "by an interval containing 0")
        s = 1 << (2 * BITS)
        return I(s // self.b, -((-s) // self.a))

    def sqrt(self):
        need(self.a >= 0, "square root", "of a negative interval")
        lo = math.isqrt(self.a << BITS)
        hi = math.isqrt(self.b << BITS)
        return I(lo, hi if hi * hi == self.b << BITS else hi + 1)

    def mag(self):
        return max(abs(self.lo), abs(self.hi))

    def pos(self):
        return self.a > 0

    def within(self, lo, hi):
        return lo <= self.lo and self.hi <= hi

    def meet(self, o):
        return I(max(self.a, o.a), min(self.b, o.b))


def bounded(boxes, t):
    """Refuse orbits that leave |x| < 2^64: their exact values would need
    ever longer integers; an orbit that far out is not one that ends in R."""
    need(all(max(abs(x.a), abs(x.b)) >> BITS < 2 ** 64 for x in boxes),
         "the orbit stays within |x| < 2^64 (the checker's limit)", "left at step %d" % t)


def lift(x):
    return x if isinstance(x, I) else I.of(Q(x))


def sqrt_enclosure(q):
    """Enclosure of sqrt(q) for an exact rational q >= 0."""
    return I.of(q).sqrt()


# ----------------------------------------------------------- the instance
class Instance:
    def __init__(self, js):
        need(isinstance(js, dict), "instance", "missing")
        self.relu = js.get("activation") == "relu"
        need(self.relu or js.get("activation") == "linear", "instance.activation",
             "is neither relu nor linear")
        self.n = integer(js.get("n"), "instance.n", 1)
        self.d = integer(js.get("d"), "instance.d", self.n)
        data = js.get("data")
        need(isinstance(data, dict), "instance.data", "missing")
        if data.get("kind") == "canonical":
            self.x = [[Q(int(i == j)) for j in range(self.d)] for i in range(self.n)]
        else:
            need(data.get("kind") == "rows", "instance.data.kind", "unknown")
            rows = data.get("rows")
            need(isinstance(rows, list) and len(rows) == self.n, "data", "needs n rows")
            self.x = [vec(r, self.d, "data.rows[%d]" % i) for i, r in enumerate(rows)]
            for i in range(self.n):
                for j in range(i + 1):
                    need(dot(self.x[i], self.x[j]) == (i == j), "data orthonormal",
                         "<x_%d, x_%d> != %d exactly" % (i, j, i == j))
        w0 = js.get("w0")
        self.w0 = None if w0 is None else vec(w0, self.d, "instance.w0")
        eta = js.get("eta")
        self.eta = None if eta is None else num(eta, "instance.eta")
        need(self.eta is None or self.eta > 0, "instance.eta", "is not > 0")

    def coords(self, w):
        return [dot(w, xi) for xi in self.x]

    def need_w0_eta(self):
        need(self.w0 is not None and self.eta is not None, "instance", "needs w0 and eta")

    def positive_set(self, w):
        c = self.coords(w)
        return [i for i in range(self.n) if c[i] > 0 or not self.relu]

    def loss(self, w, active_branch=None):
        """(1/n) sum_i 1/2 ||x_i - sigma(c_i) w||^2, from the definition;
        active_branch = a set of samples summed with sigma(c) = c (others omitted)."""
        total = Q(0)
        for i, xi in enumerate(self.x):
            c = dot(w, xi)
            if active_branch is not None:
                if i not in active_branch:
                    continue
                s = c
            else:
                s = c if (c > 0 or not self.relu) else Q(0)
            total += sum((a - s * b) ** 2 for a, b in zip(xi, w)) / 2
        return total / self.n

    def gd_orbit(self, T):
        """The exact full-batch GD iterates w_0..w_T as pairs (W, D), w = W/D with
        W integer, left unreduced: gcds of million-digit numbers would dominate.
        With x_i = X_i/q and h = eta/n = a/b: c_i = C_i/(Dq), N = M/D^2, the
        gradient sum over active i is G/(D^3 q^2), G = sum (C_i^2 W + C_i (M -
        2D^2) X_i), so w' = (b D^2 q^2 W - a G)/(b D^3 q^2)."""
        q = math.lcm(*(v.denominator for xi in self.x for v in xi))
        X = [[int(v * q) for v in xi] for xi in self.x]
        D = math.lcm(*(v.denominator for v in self.w0))
        W = [int(v * D) for v in self.w0]
        h = self.eta / self.n
        yield W, D
        for _ in range(T):
            M = sum(v * v for v in W)
            G = [0] * self.d
            for Xi in X:
                C = sum(a * b for a, b in zip(W, Xi))
                if C > 0 or not self.relu:
                    G = [g + C * C * wj + C * (M - 2 * D * D) * xj for g, wj, xj in zip(G, W, Xi)]
            scale = h.denominator * D * D * q * q
            W = [scale * wj - h.numerator * g for wj, g in zip(W, G)]
            D = scale * D
            yield W, D

    def hess_times(self, w, active, v):
        """(1/n) sum_{i in active} Hess l_i(w) v, Hess from the module doc."""
        nn, wv = dot(w, w), dot(w, v)
        out = [Q(0)] * self.d
        for i in active:
            xi = self.x[i]
            c, xv = dot(w, xi), dot(xi, v)
            out = [o + c * c * vj + 2 * c * (wj * xv + xj * wv) + (nn - 2) * xj * xv
                   for o, vj, wj, xj in zip(out, v, w, xi)]
        return [o / self.n for o in out]


def on_minimum_set(inst, w):
    need(dot(w, w) == 1, "||w_star||^2 = 1", "it is %s" % dot(w, w))
    c = inst.coords(w)
    rest = [wj - sum(c[i] * inst.x[i][j] for i in range(inst.n)) for j, wj in enumerate(w)]
    need(all(r == 0 for r in rest), "w_star in span(x_i)", "a nonzero part outside it")
    need(not inst.relu or min(c) >= 0, "relu: every c_i(w_star) >= 0", "one is negative")
    return c


def rank(rows):
    """Rank of a rational matrix by exact Gaussian elimination."""
    m, r = [list(row) for row in rows], 0
    for col in range(len(m[0]) if m else 0):
        piv = next((i for i in range(r, len(m)) if m[i][col] != 0), None)
        if piv is None:
            continue
        m[r], m[piv] = m[piv], m[r]
        for i in range(r + 1, len(m)):
            f = m[i][col] / m[r][col]
            m[i] = [a - f * b for a, b in zip(m[i], m[r])]
        r += 1
    return r


# --------------------------------------------------------- EXACT kinds
def exact_minimum(inst, pf):
    w = vec(pf.get("w_star"), inst.d, "w_star")
    on_minimum_set(inst, w)
    value, n = inst.loss(w), inst.n
    need(value == Q(n - 1, 2 * n), "L(w_star) = (n-1)/(2n)", "L(w_star) = %s" % value)
    return "w_star is on M and L(w_star) = %s exactly" % Q(n - 1, 2 * n)


def interval_minimum(inst, pf):
    """w* = sum m_i x_i / ||m||, irrational, yet L(s w*) is rational in s^2: with
    ||x_i|| = 1, l_i = 1/2 (1 - 2 c_i sigma(c_i) + sigma(c_i)^2 N), and here
    c_i = s m_i/||m||, N = s^2, sigma(c_i) = c_i on the active samples (s > 0)."""
    n = inst.n
    m = vec(pf.get("m"), n, "m")
    delta, bound = num(pf.get("delta"), "delta"), num(pf.get("bound"), "bound")
    need(any(m) and 0 < delta < 1, "m != 0 and 0 < delta < 1")
    need(not inst.relu or min(m) >= 0, "relu: every m_i >= 0 (w* on M)")
    mm = dot(m, m)

    def loss(s2):
        act = sum(mi * mi for mi in m if mi > 0 or not inst.relu) / mm
        return (n - (2 * s2 - s2 * s2) * act) / (2 * n)
    target = Q(n - 1, 2 * n)
    gap = abs(loss(Q(1)) - target)
    need(gap <= bound, "|L(w*) - (n-1)/(2n)| <= bound", "it is %s" % gap)
    for s in (1 + delta, 1 - delta):
        need(loss(s * s) > target, "L((1 +- delta) w*) > (n-1)/(2n)", "fails at %s" % s)
    return ("w* = m/||m|| is on M, |L(w*) - (n-1)/(2n)| = %s exactly, and L is larger at"
            " (1 +- %s) w*" % (gap, delta))


def exact_spectrum(inst, pf):
    d, n = inst.d, inst.n
    w = vec(pf.get("w_star"), d, "w_star")
    c = on_minimum_set(inst, w)
    V = pf.get("V")
    need(isinstance(V, list) and len(V) == d, "V", "needs d eigenvectors")
    V = [vec(v, d, "V[%d]" % j) for j, v in enumerate(V)]
    lam = vec(pf.get("lambda"), d, "lambda")
    active = {i for i in range(n) if c[i] > 0 or not inst.relu}
    for j, v in enumerate(V):
        hv = inst.hess_times(w, active, v)
        need(hv == [lam[j] * vj for vj in v], "H V = V diag(lambda)",
             "fails for eigenvector %d" % j)
        f = [inst.loss([a + t * b for a, b in zip(w, v)], active) for t in (-2, -1, 0, 1, 2)]
        second = (-f[4] + 16 * f[3] - 30 * f[2] + 16 * f[1] - f[0]) / 12
        need(second == lam[j] * dot(v, v), "H V = V diag(lambda)",
             "d^2/dt^2 L(w_star + t V[%d]) from the definition disagrees" % j)
    need(rank(V) == d, "det V != 0", "V is singular")
    k = len(active)
    want = sorted([Q(4, n)] + [Q(1, n)] * (d - k) + [Q(0)] * (k - 1))
    need(sorted(lam) == want, "multiset of lambda = {4/n x1, 1/n x(d-k), 0 x(k-1)}",
         "k = %d, lambda = %s" % (k, sorted(map(str, lam))))
    return ("the Hessian at w_star has eigenvalues exactly 4/n x1, 1/n x%d, 0 x%d (k = %d)"
            % (d - k, k - 1, k))


def pairs(a, length, what):
    """Rationals as integer pairs (p, q), q > 0, not reduced: C4's numbers have
    up to millions of digits, compared by cross-multiplication, never by gcd."""
    need(isinstance(a, list) and len(a) == length, what, "needs %d entries" % length)
    out = []
    for j, t in enumerate(a):
        need(isinstance(t, str) and re.fullmatch(RATIONAL, t), "%s[%d]" % (what, j),
             "is not a rational p/q with q > 0: %r" % (t,))
        p, _, q = t.partition("/")
        out.append((int(p), int(q or 1)))
    return out


def gd_recurrence(inst, pf):
    """alpha_t = A/B, beta_t = C/E, s0 = ||a0||^2, q0 = ||r0||^2, h = eta/n. With
    K/den = N_t + S_t - 2 = 2 A^2 s0/B^2 + C^2 q0/E^2 - 2, the recurrence reads
    A'/B' = A (1 - h K/den)/B and C'/E' = C (1 - h A^2 s0/B^2)/E."""
    inst.need_w0_eta()
    T = integer(pf.get("T"), "T")
    al, be = pairs(pf.get("alpha"), T + 1, "alpha"), pairs(pf.get("beta"), T + 1, "beta")
    P = pf.get("P")
    need(P == inst.positive_set(inst.w0), "P = {i : c_i(w0) > 0}", "P is %s" % P)
    c0 = inst.coords(inst.w0)
    a0 = [sum(c0[i] * inst.x[i][j] for i in P) for j in range(inst.d)]
    r0 = [a - b for a, b in zip(inst.w0, a0)]
    s0, q0, h = dot(a0, a0), dot(r0, r0), inst.eta / inst.n
    need(al[0][0] == al[0][1] and be[0][0] == be[0][1], "alpha_0 = beta_0 = 1")
    for t, (W, D) in enumerate(inst.gd_orbit(T)):
        (A, B), (C, E) = al[t], be[t]
        need(all(Wj * B * E * a.denominator * r.denominator == D * (
            A * a.numerator * E * r.denominator + C * r.numerator * B * a.denominator)
            for Wj, a, r in zip(W, a0, r0)), "w_t = alpha_t a0 + beta_t (w0 - a0)",
            "fails at t = %d" % t)
        if t == T:
            break
        (A1, B1), (C1, E1) = al[t + 1], be[t + 1]
        den = B * B * s0.denominator * E * E * q0.denominator
        K = (2 * A * A * s0.numerator * E * E * q0.denominator
             + C * C * q0.numerator * B * B * s0.denominator - 2 * den)
        need(A1 * B * h.denominator * den == B1 * A * (h.denominator * den - h.numerator * K),
             "alpha recurrence", "fails at t = %d" % t)
        b2 = h.denominator * B * B * s0.denominator
        need(C1 * E * b2 == E1 * C * (b2 - h.numerator * A * A * s0.numerator),
             "beta recurrence", "fails at t = %d" % t)
    return "the exact GD iterates w_0..w_%d follow the two-number recurrence" % T


# ----------------------------------------------------- CERTIFIED kinds
def factors(h, u, v):
    return 1 - h * (2 * u.sq() + v.sq() - 2), 1 - h * u.sq()


def phi(h, u, v):
    fu, fv = factors(h, u, v)
    return u * fu, v * fv


def jacobian(h, u, v):
    off = -2 * h * u * v
    return [[1 - h * (6 * u.sq() + v.sq() - 2), off], [off, 1 - h * u.sq()]]


def phi_image(h, u, v):
    """Phi over the box u x v: Phi(m) + J(box)(box - m), met with naive Phi(box)."""
    mu, mv = I.of(u.mid), I.of(v.mid)
    pu, pv = phi(h, mu, mv)
    J = jacobian(h, u, v)
    du, dv = u - mu, v - mv
    nu, nv = phi(h, u, v)
    return (nu.meet(pu + J[0][0] * du + J[0][1] * dv),
            nv.meet(pv + J[1][0] * du + J[1][1] * dv))


def both_factors_positive(h, u, v, where, relu=True):
    fu, fv = factors(h, u, v)
    need(not relu or fu.pos(), "relu: u's factor 1 - h(2u^2 + v^2 - 2) > 0", where)
    need(not relu or fv.pos(), "relu: v's factor 1 - h u^2 > 0", where)


def region(h, R, rho, relu):
    """Claims 2 and 3 of gd-for-all-t on the box R; returns the bound found."""
    u, v = I.of(*R[0]), I.of(*R[1])
    both_factors_positive(h, u, v, "somewhere on R", relu)
    pu, pv = phi_image(h, u, v)
    need(pu.within(*R[0]) and pv.within(*R[1]), "Phi(R) inside R",
         "image [%.6g, %.6g] x [%.6g, %.6g]" % (pu.lo, pu.hi, pv.lo, pv.hi))
    J = jacobian(h, u, v)
    bound = max(J[0][0].mag() + J[0][1].mag(), J[1][0].mag() + J[1][1].mag())
    need(bound <= rho, "sup_R max_i sum_j |dPhi_i/dx_j| <= rho",
         "the checker's bound is %.10g > rho = %.10g" % (bound, rho))
    need(rho < 1, "rho < 1")
    need(R[0][0] <= 1 <= R[0][1] and R[1][0] <= 0 <= R[1][1], "(1, 0) in R")
    return bound


def gd_for_all_t(inst, pf):
    inst.need_w0_eta()
    T = integer(pf.get("T"), "T")
    R = box(pf.get("R"), 2, "R")
    rho = num(pf.get("rho"), "rho")
    P = pf.get("P")
    need(P == inst.positive_set(inst.w0), "P = {i : c_i(w0) > 0}", "P is %s" % P)
    c0 = inst.coords(inst.w0)
    s0 = sum(c0[i] ** 2 for i in P)
    need(s0 > 0, "||a0|| > 0")
    h = inst.eta / inst.n
    u, v = sqrt_enclosure(s0), sqrt_enclosure(dot(inst.w0, inst.w0) - s0)
    for t in range(T):
        both_factors_positive(h, u, v, "on the orbit at t = %d" % t, inst.relu)
        u, v = phi_image(h, u, v)
        bounded((u, v), t)
    need(u.within(*R[0]) and v.within(*R[1]), "(u_T, v_T) in R",
         "(u_T, v_T) in [%.10g, %.10g] x [%.6g, %.6g]" % (u.lo, u.hi, v.lo, v.hi))
    bound = region(h, R, rho, inst.relu)
    if pf.get("rate") is not None:
        rate = num(pf.get("rate"), "rate")
        need(rate == max(abs(1 - 4 * h), 1 - h), "rate = max(|1 - 4h|, 1 - h)")
        need(rho <= rate + Q(1, 2 ** 20), "rho <= rate + 2^-20")
    eT = max((u - 1).mag(), v.mag())
    return ("for every t >= %d, ||w_t - a0/||a0|| || <= sqrt(2) * %.4g * %.6g^(t - %d)"
            " (the checker's bound on rho: %.7g)" % (T, eT, rho, T, bound))


def h_of(inst, pf):
    h = num(pf.get("h"), "h")
    need(inst.eta is not None and h == inst.eta / inst.n, "h = eta/n", "h = %s" % h)
    return h


def gd_repels(inst, pf):
    h = h_of(inst, pf)
    N = box(pf.get("N"), 2, "N")
    need(N[0][0] <= 1 <= N[0][1] and N[1][0] <= 0 <= N[1][1], "(1, 0) in N")
    u, v = I.of(*N[0]), I.of(*N[1])
    j = jacobian(h, u, v)[0][0]
    need(j.lo > 1 or j.hi < -1, "|dPhi_1/du| > 1 on N", "it is in [%.6g, %.6g]" % (j.lo, j.hi))
    need(not inst.relu or factors(h, u, v)[0].pos(), "relu: u's factor > 0 on N")
    return "on N, |du'/du| >= %.6g > 1: w_GD repels along its ray" % min(abs(j.lo), abs(j.hi))


def gd_two_cycle(inst, pf):
    h = h_of(inst, pf)
    lo, hi = vec(pf.get("X"), 2, "X")
    need(lo < hi, "X", "is not an interval with lo < hi")
    X, zero = I.of(lo, hi), I.of(Q(0))

    def f(u):
        return phi(h, u, zero)[0]

    def fprime(u):
        return jacobian(h, u, zero)[0][0]

    def f_exact(u):
        return u * (1 - h * (2 * u * u - 2))
    m = (lo + hi) / 2
    dg = fprime(f(X)) * fprime(X) - 1
    newton = m - I.of(f_exact(f_exact(m)) - m) * dg.inv()
    need(lo < newton.lo and newton.hi < hi, "interval Newton: N(X) strictly inside X",
         "N(X) = [%.17g, %.17g]" % (newton.lo, newton.hi))
    fX = f(X)
    need(fX.lo > hi or fX.hi < lo, "f(X) and X are disjoint")
    need((fprime(fX) * fprime(X)).mag() < 1, "|(f o f)'| < 1 on X")
    mult = (1 - h * X.sq()) * (1 - h * fX.sq())
    need(mult.mag() < 1, "|(1 - h u^2)(1 - h f(u)^2)| < 1 on X")
    for name, B in (("X", X), ("f(X)", fX)):
        both_factors_positive(h, B, zero, "on " + name, inst.relu)
    return ("a unique period-2 point u_1 in [%.17g, %.17g] of Phi_h on v = 0, linearly stable"
            % (newton.lo, newton.hi))


def sgd_step(c, q, batch, h, relu, t):
    """One step in data coordinates (module doc) on boxes c_i and q = ||r||^2."""
    N = sum((ci.sq() for ci in c), q)
    mu = {}
    for b in batch:
        need(c[b].pos() or c[b].b <= 0 or not relu, "every relu sign on the prefix is decided",
             "c_%d at step %d straddles 0" % (b, t), Undecided)
        if c[b].pos() or not relu:
            mu[b] = mu.get(b, 0) + 1
    S = sum((c[b].sq() * k for b, k in mu.items()), I.of(Q(0)))
    rest = 1 - h * S
    c = [ci * (rest - h * mu[i] * (N - 2) if i in mu else rest) for i, ci in enumerate(c)]
    return c, q * rest.sq(), rest


def sgd_selection(inst, pf):
    inst.need_w0_eta()
    need(inst.relu, "activation", "sgd-selection is about relu")
    T, k = integer(pf.get("T"), "T"), integer(pf.get("k"), "k")
    need(k < inst.n, "k", "is not a sample index")
    batches = pf.get("batches")
    need(isinstance(batches, list) and len(batches) == T, "batches", "needs T batches")
    for t, B in enumerate(batches):
        need(isinstance(B, list) and B and all(integer(b, "batch index") < inst.n for b in B),
             "batches", "batch %d is not a nonempty list of sample indices" % t)
    sizes = pf.get("sizes")
    need(isinstance(sizes, list) and sizes, "sizes", "needs at least one batch size")
    R, rho = box(pf.get("R"), 2, "R"), num(pf.get("rho"), "rho")
    c0 = inst.coords(inst.w0)
    c = [I.of(ci) for ci in c0]
    q = I.of(dot(inst.w0, inst.w0) - sum(ci * ci for ci in c0))
    for t, B in enumerate(batches):
        c, q, _ = sgd_step(c, q, B, inst.eta / len(B), True, t)
        bounded(c + [q], t)
    need(c[k].pos(), "c_k(w_T) > 0", "c_%d(w_T) in [%.6g, %.6g]" % (k, c[k].lo, c[k].hi))
    for i in range(inst.n):
        need(i == k or c[i].b <= 0, "c_i(w_T) <= 0 for i != k", "not certain for i = %d" % i)
    r = sum((c[i].sq() for i in range(inst.n) if i != k), q).sqrt()
    need(c[k].within(*R[0]) and r.within(*R[1]), "(c_k(w_T), ||w_T - c_k x_k||) in R",
         "it is in [%.10g, %.10g] x [%.6g, %.6g]" % (c[k].lo, c[k].hi, r.lo, r.hi))
    for m in sizes:
        region(inst.eta / integer(m, "sizes entry", 1), R, rho, True)
    eT = max((c[k] - 1).mag(), r.mag())
    return ("after T = %d, c_i <= 0 for i != %d and every batch with %d (sizes %s) contracts"
            " max(|c_k - 1|, ||w - c_k x_k||) <= %.4g by rho = %.6g" % (T, k, k, sizes, eT, rho))


def hessian_on_ray(inst, m, active):
    """H = (1/n) sum_{i in active} Hess l_i at w* = y/||m||, y = sum m_i x_i. Though
    ||m|| is irrational, H is rational: in Hess l_i (module doc) w* enters only as
    c_i^2 = <y, x_i>^2/mm, c_i w* = <y, x_i> y/mm and N = ||y||^2/mm, mm = ||m||^2."""
    d, mm = inst.d, dot(m, m)
    y = [sum(m[i] * inst.x[i][j] for i in range(inst.n)) for j in range(d)]
    N = dot(y, y) / mm
    H = [[Q(0)] * d for _ in range(d)]
    for i in active:
        xi, cy = inst.x[i], dot(y, inst.x[i])
        cw = [cy * yj / mm for yj in y]
        for a in range(d):
            H[a][a] += cy * cy / mm
            for b in range(d):
                H[a][b] += 2 * (cw[a] * xi[b] + xi[a] * cw[b]) + (N - 2) * xi[a] * xi[b]
    return [[v / inst.n for v in row] for row in H]


def eigenvalues_below(H, s):
    """The number of eigenvalues < s of the rational symmetric H, exactly. Scaled
    by a positive integer, H - s I is an integer matrix of the same inertia; a
    fraction-free (Bareiss) elimination with symmetric pivoting, a permutation,
    gives its leading principal minors D_1..D_d of the permuted matrix; the
    pivots of its LDL^T are D_k/D_(k-1) (Sylvester), so the count is the number
    of sign changes of 1, D_1, .., D_d. A pivot that is 0 wherever it is
    chosen (or s an eigenvalue) rejects: sound, not complete."""
    d = len(H)
    A = [[H[a][b] - s * (a == b) for b in range(d)] for a in range(d)]
    scale = math.lcm(*(v.denominator for row in A for v in row))
    M = [[int(v * scale) for v in row] for row in A]
    rest, prev, below = list(range(d)), 1, 0
    while rest:
        p = next((j for j in rest if M[j][j] != 0), None)
        need(p is not None, "the checker's elimination of H - s I finds nonzero pivots",
             "s = %s" % s)
        piv = M[p][p]
        below += (piv < 0) != (prev < 0)
        rest.remove(p)
        for a in rest:
            for b in rest:
                if b >= a:  # exact division: the new entries are minors (Bareiss)
                    M[a][b] = M[b][a] = (piv * M[a][b] - M[a][p] * M[p][b]) // prev
        prev = piv
    return below


def interval_spectrum(inst, pf):
    """The counts are exact (hessian_on_ray, eigenvalues_below); V is not needed.
    The cheap claims come first, so that most wrong files cost no count."""
    d, n = inst.d, inst.n
    m = vec(pf.get("m"), n, "m")
    need(any(m), "m != 0")
    need(not inst.relu or min(m) >= 0, "relu: every m_i >= 0 (w* on M)")
    r = power_of_two(num(pf.get("radius"), "radius"), "radius")
    cl = pf.get("clusters")
    need(isinstance(cl, list) and cl and all(isinstance(c, dict) for c in cl), "clusters",
         "needs a list of cluster objects")
    cl = [[num(c.get(f), "clusters[%d].%s" % (j, f)) for f in ("centre", "lo", "hi")]
          + [integer(c.get("multiplicity"), "clusters[%d].multiplicity" % j)]
          for j, c in enumerate(cl)]
    for j, (centre, lo, hi, _) in enumerate(cl):
        need(centre - r <= lo < hi <= centre + r, "centre - radius <= lo < hi <= centre + radius",
             "cluster %d" % j)
        need(j == 0 or centre - cl[j - 1][0] >= 2 * r, "the balls (centre +- radius), sorted by"
             " centre, are pairwise disjoint", "clusters %d and %d" % (j - 1, j))
    need(sum(c[3] for c in cl) == d, "the multiplicities sum to d")
    active = [i for i in range(n) if m[i] > 0 or not inst.relu]
    k = len(active)
    want = {Q(4, n): 1, Q(1, n): d - k, Q(0): k - 1}
    need({c[0]: c[3] for c in cl if c[3]} == {c: v for c, v in want.items() if v},
         "clusters = {4/n x1, 1/n x(d-k), 0 x(k-1)}", "k = %d" % k)
    H = hessian_on_ray(inst, m, active)
    for j, (centre, lo, hi, mult) in enumerate(cl):
        got = eigenvalues_below(H, hi) - eigenvalues_below(H, lo)
        need(got == mult, "multiplicity = #eigenvalues of H in (lo, hi)",
             "cluster %d (centre %s): %d, claimed %d" % (j, centre, got, mult))
    return ("the Hessian at w* = m/||m|| has exactly 1 eigenvalue within 2^%d of 4/n, %d of"
            " 1/n, %d of 0, and no other (k = %d; counted exactly)" % (log2(r), d - k, k - 1, k))


def gd_prefix_within(inst, P, T, eps):
    """T full-batch GD steps in data coordinates (sgd_step with every sample, the
    relu branches decided on the boxes), beside alpha_t, beta_t from their
    recurrence; w_t - (alpha_t a0 + beta_t r0) = sum_i e_i x_i + (g_t - beta_t) r_perp
    with e_i = c_i(w_t) - (alpha_t or beta_t) c_i(w0), r_perp the part of w0
    outside span(x_i) and g_t the product of its factors (module doc)."""
    c0 = inst.coords(inst.w0)
    perp = [w - sum(c0[i] * inst.x[i][j] for i in range(inst.n)) for j, w in enumerate(inst.w0)]
    s0 = sum(c0[i] ** 2 for i in P)
    q0, h = dot(inst.w0, inst.w0) - s0, inst.eta / inst.n
    c, q = [I.of(x) for x in c0], I.of(dot(perp, perp))
    g = al = be = I.of(Q(1))
    cols = [[(i, xi[j]) for i, xi in enumerate(inst.x) if xi[j]] for j in range(inst.d)]
    for t in range(T):
        S = al.sq() * s0
        fa, fb = 1 - h * (S + be.sq() * q0 + S - 2), 1 - h * S
        for name, f in (("1 - (eta/n)(N_t + S_t - 2)", fa), ("1 - (eta/n) S_t", fb)):
            if inst.relu:
                decide(f.pos(), f.b <= 0, "relu: the factor %s > 0" % name, "at t = %d" % t)
        al, be = al * fa, be * fb
        c, q, rest = sgd_step(c, q, list(range(inst.n)), h, inst.relu, t)
        g = g * rest
        bounded(c + [q, al, be], t)
        e = [ci - (al if i in P else be) * c0[i] for i, ci in enumerate(c)]
        for j, col in enumerate(cols):
            dj = sum((e[i] * x for i, x in col), (g - be) * perp[j])
            decide(dj.mag() <= eps, dj.lo > eps or dj.hi < -eps, "||w_t - (alpha_t a0 +"
                   " beta_t (w0 - a0))||_inf <= eps", "coordinate %d at t = %d" % (j, t + 1))
    return True


def interval_gd_recurrence(inst, pf):
    inst.need_w0_eta()
    T = integer(pf.get("T"), "T")
    eps = power_of_two(num(pf.get("eps"), "eps"), "eps")
    P = pf.get("P")
    need(P == inst.positive_set(inst.w0), "P = {i : c_i(w0) > 0}", "P is %s" % P)
    # the boxes widen by 0.4 (h = 0.075) to 1.5 (h = 0.475) bits a step, measured: 2 bits
    # a step and 64 spare ones suffice below n/2; a wider need is met by the retries
    bits = max(BITS, eps.denominator.bit_length() + 2 * T + 64)
    on_finer_grids(lambda: gd_prefix_within(inst, P, T, eps), bits)
    return ("for t = 1..%d, ||w_t - (alpha_t a0 + beta_t (w0 - a0))||_inf <= 2^%d%s"
            % (T, log2(eps), ", the recurrence's factors > 0" if inst.relu else ""))


KINDS = {  # kind: (level, claims allowed, checker)
    "exact-minimum": ("EXACT", {"C1"}, exact_minimum),
    "interval-minimum": ("CERTIFIED", {"C1"}, interval_minimum),
    "exact-spectrum": ("EXACT", {"C3"}, exact_spectrum),
    "exact-gd-recurrence": ("EXACT", {"C4"}, gd_recurrence),
    "gd-for-all-t": ("CERTIFIED", {"C5", "C6", "C7"}, gd_for_all_t),
    "gd-repels": ("CERTIFIED", {"C7"}, gd_repels),
    "gd-two-cycle": ("CERTIFIED", {"C7"}, gd_two_cycle),
    "sgd-selection": ("CERTIFIED", {"C8"}, sgd_selection),
    "interval-spectrum": ("CERTIFIED", {"C3"}, interval_spectrum),
    "interval-gd-recurrence": ("CERTIFIED", {"C4"}, interval_gd_recurrence),
}


def set_grid(proof):
    """The grid is 64 bits finer than any number the proof states (and at least
    the --bits one): a rho from an enclosure at p bits is then not tighter than
    the checker's own enclosure can show."""
    global BITS
    dens = [len(t.partition("/")[2]) for t in strings(proof) if re.fullmatch(RATIONAL, t)]
    BITS = max(BASE_BITS, 64 + int(max(dens, default=0) * 3.33))


def strings(js):
    if isinstance(js, str):
        yield js
    elif isinstance(js, (list, dict)):
        for v in (js.values() if isinstance(js, dict) else js):
            yield from strings(v)


def check(cert):
    """Re-establish every claim of one parsed certificate; returns the statement."""
    need(isinstance(cert, dict) and cert.get("format") == "snae-certificate"
         and cert.get("version") == 1, "format", "not a snae-certificate version 1")
    need(cert.get("kind") in KINDS, "kind", "unknown: %r" % cert.get("kind"))
    level, claims, run = KINDS[cert["kind"]]
    need(cert.get("level") == level, "level", "a %s certificate is %s" % (cert["kind"], level))
    need(cert.get("claim") in claims, "claim", "%r is not a %s claim" % (cert.get("claim"),
                                                                           cert["kind"]))
    proof = cert.get("proof")
    need(isinstance(proof, dict), "proof", "missing")
    if level == "CERTIFIED":
        set_grid(proof)
    need(cert["claim"] != "C6" or proof.get("rate") is not None, "rate", "C6 needs a rate")
    proven = run(Instance(cert.get("instance")), proof)
    return "%s %s %s: %s" % (cert["claim"], level, cert["kind"], proven)


def files_of(arg):
    if not os.path.isdir(arg):
        return [arg]
    index = os.path.join(arg, "index.json")
    if os.path.exists(index):
        with open(index) as fh:
            ix = json.load(fh)
        if ix.get("format") != "snae-certificate-index" or ix.get("version") != 1:
            raise ValueError("not a snae-certificate-index version 1")
        return [os.path.join(arg, f) for f in ix["files"]]
    return sorted(os.path.join(arg, f) for f in os.listdir(arg) if f.endswith(".json"))


def main(argv):
    global BASE_BITS
    args, status = list(argv), 0
    if "--bits" in args:
        at = args.index("--bits")
        BASE_BITS = int(args[at + 1])
        del args[at:at + 2]
    if not args:
        print(__doc__.split("\n\n")[1])
        return 2
    for arg in args:
        try:
            paths = files_of(arg)
        except (OSError, ValueError, KeyError, TypeError) as e:
            print("REJECT %s: unreadable index: %s" % (arg, e))
            status = 2
            continue
        for path in paths:
            try:
                with open(path) as fh:
                    cert = json.load(fh)
            except (OSError, ValueError) as e:
                print("REJECT %s: unreadable: %s" % (path, e))
                status = 2
                continue
            try:
                print("ACCEPT %s: %s" % (path, check(cert)))
            except Reject as e:
                print("REJECT %s: %s" % (path, e))
                status = max(status, 1)
            except (TypeError, ValueError, KeyError, IndexError, AttributeError) as e:
                print("REJECT %s: malformed certificate: %r" % (path, e))
                status = max(status, 1)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
