"""Character shingles of folded text and their MinHash signatures, in bulk.

A paragraph's shingles are the hashes of its overlapping K-character substrings (after
``fold``: case, width and whitespace do not count). The signature is datasketch's MinHash
under its ``affine32`` scheme: each 32-bit shingle hash goes through the MurmurHash3
finaliser, then NUM_PERM affine permutations h -> a*h + b (mod 2**32) with datasketch's own
(a, b) for SEED, and the minimum of each permutation is kept. Computing it with numpy over
many paragraphs at once gives exactly ``datasketch.MinHash(num_perm, seed,
hashfunc=shingle hash).update_batch(...)`` (tests/test_reuse.py checks it) at a fraction of
the cost of one Python call per shingle.

LSH: the signature is cut into BANDS bands of ROWS rows; two paragraphs become candidates
when one band is equal. P(candidate) = 1 - (1 - J**ROWS)**BANDS for Jaccard similarity J
of their shingle sets (see docs/reuse.md for the curve).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

K = 3  # characters per shingle
NUM_PERM = 128
SEED = 1
ROWS = 3
BANDS = NUM_PERM // ROWS  # 42 bands of 3 rows; the last 2 values only sharpen estimates
MIN_CHARS = 24  # shorter folded paragraphs are not evidence of reuse (headings, formulas)
WINDOW_FROM, WINDOW, STEP = 400, 200, 150  # long paragraphs: a signature per window
PARAMS = (f"k={K};perm={NUM_PERM};seed={SEED};rows={ROWS};affine32;"
          f"win={WINDOW_FROM}/{WINDOW}/{STEP}")

_M32 = np.uint32(0xFFFFFFFF)


@lru_cache(maxsize=1)
def permutations() -> tuple[np.ndarray, np.ndarray]:
    """datasketch's (a, b) for NUM_PERM permutations and SEED under the affine32 scheme, drawn
    as datasketch draws them (MinHash._init_permutations; importing datasketch itself costs
    seconds because of scipy, so tests/test_reuse.py checks the two agree instead)."""
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def windows(folded: str) -> list[str]:
    """What gets a signature: the paragraph, or when it is longer than WINDOW_FROM
    characters, windows of WINDOW characters every STEP (the last one ending at its end).
    A passage copied into a long paragraph has a low Jaccard similarity with the whole of
    it but a high one with the window holding it, so LSH finds it there."""
    n = len(folded)
    if n <= WINDOW_FROM:
        return [folded]
    starts = sorted({*range(0, n - WINDOW, STEP), n - WINDOW})
    return [folded[s:s + WINDOW] for s in starts]


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser (datasketch applies it before the permutations)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def codes(folded: str) -> np.ndarray:
    return np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32)


def shingle_hashes(folded: str) -> np.ndarray:
    """32-bit hashes of the K-character shingles of folded text (a polynomial over the code
    points, wrapping mod 2**32); empty when the text is shorter than K."""
    c = codes(folded).astype(np.uint64)
    n = len(c) - K + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint32)
    h = np.zeros(n, dtype=np.uint64)
    for i in range(K):
        h = (h * np.uint64(1000003) + c[i:i + n]) & np.uint64(0xFFFFFFFF)
    return h.astype(np.uint32)


def shingle_hash(shingle: str) -> int:
    """The hash of one shingle, as shingle_hashes computes it (a datasketch hashfunc)."""
    return int(shingle_hashes(shingle)[0])


def signatures(texts: list[str], chunk: int = 2048) -> np.ndarray:
    """MinHash signatures (len(texts) x NUM_PERM, uint32) of folded texts, each at least K
    characters long. Paragraphs are processed in slices of about `chunk` shingles: small
    enough that the (shingles x NUM_PERM) products stay in the processor's cache (four times
    faster than slices of 65,536)."""
    a, b = permutations()
    out = np.empty((len(texts), NUM_PERM), dtype=np.uint32)
    hashes = [shingle_hashes(t) for t in texts]
    i = 0
    while i < len(texts):
        j, total = i, 0
        while j < len(texts) and (total < chunk or j == i):
            total += len(hashes[j])
            j += 1
        starts = np.cumsum([0] + [len(h) for h in hashes[i:j - 1]])
        phv = np.multiply.outer(fmix32(np.concatenate(hashes[i:j])), a)  # wraps mod 2**32
        phv += b
        out[i:j] = np.minimum.reduceat(phv, starts, axis=0)
        i = j
    return out


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """(n x BANDS) int64 keys: the band number in the top bits, a hash of its ROWS values
    below (two paragraphs share a key when they share that band, up to hash collisions)."""
    s = sigs[:, :BANDS * ROWS].reshape(len(sigs), BANDS, ROWS).astype(np.uint64)
    h = np.zeros((len(sigs), BANDS), dtype=np.uint64)
    for r in range(ROWS):
        h = fmix64(h * np.uint64(0x9E3779B97F4A7C15) + s[:, :, r])
    band = np.arange(BANDS, dtype=np.uint64)[None, :] << np.uint64(56)
    return ((h >> np.uint64(8)) | band).astype(np.int64)  # < 2**63: an SQLite integer


def fmix64(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))

