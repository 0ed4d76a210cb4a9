"""spaCy's token encoder (MultiHashEmbed + MaxoutWindowEncoder) in one numpy forward.

spaCy's ``tok2vec`` networks run through thinc's layer dispatch: a dozen Python
layers per batch, each allocating its output, maxout done by a compiled loop over
(token, output, piece), seq2col, layer norm and residual as separate arrays. The
shared encoder, the entity recogniser's own one and the sentence recogniser's are
all this architecture. :class:`FusedEncoder` computes the same function with the
model's own weights, bit for bit:

- The first layer (hash embeddings of NORM, PREFIX, SUFFIX, SHAPE, ... and the
  maxout + layer norm over their concatenation) reads only a token's own features,
  so its output is computed once per distinct feature row and kept
  (:data:`CACHE_ROWS` rows): in news most tokens are words seen before.
- Maxout's weights are stored pre-transposed with the pieces as column blocks, so a
  maxout is one matrix product into a (tokens, pieces x width) array and an
  element-wise maximum of its column blocks; each dot product is the one thinc's
  ``gemm`` computes (the same numpy BLAS call per row, the rows do not depend on
  the other rows once a batch has more than a few of them: :data:`MIN_ROWS`).
- Layer norm and the residual sums are the same numpy operations in the same
  order; the window (seq2col) is built by slicing; each block runs in pieces of
  :data:`CHUNK_ROWS` rows that stay in the core's cache.
- The batch is laid out as thinc lays it out (``with_array(pad=...)``: the same
  zero rows between and around the docs, whose values reach the tokens at a doc's
  edges), so every token gets the vector spaCy's own network gives it; but a block
  computes only the rows a later block reads (the last one: the docs' own rows).

:func:`fuse_encoders` swaps the forward function of every such encoder in a loaded
pipeline (prediction only; training goes to thinc's own layers). The weights are
copied when fusing: a model changed afterwards must be fused again.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

import numpy

#: Distinct first-layer rows kept per encoder (96 floats each: ~12 MB for the shared one).
CACHE_ROWS = 32_768
#: Fewest rows given to one matrix product: with fewer OpenBLAS switches to kernels
#: that round differently (measured on the reference machine: up to 6 rows for the
#: 96-wide encoders, 37 for 16-wide layers), so short products are padded with zero
#: rows, and batches of fewer tokens go to thinc's own layers (whose products then
#: take those kernels too).
MIN_ROWS = 64
#: Rows per piece of an encoder block: a piece's product (512 x 288 floats) and the
#: arrays after it stay in the core's L2 cache.
CHUNK_ROWS = 512


class _Maxout:
    """A maxout layer (with its layer norm) as one pre-transposed product."""

    def __init__(self, maxout: Any, norm: Any):
        w = maxout.get_param("W")  # (nO, nP, nI)
        n_out, pieces, _ = w.shape
        self.width, self.pieces = n_out, pieces
        self.w = numpy.ascontiguousarray(w.transpose(1, 0, 2).reshape(pieces * n_out, -1).T)
        self.b = numpy.ascontiguousarray(maxout.get_param("b").T.reshape(-1))
        self.g, self.beta = norm.get_param("G"), norm.get_param("b")
        # the layer's own BLAS: thinc's BLIS where the model was left on it (the
        # sentence recogniser), numpy's otherwise (:func:`whimbrel.language.use_numpy_gemm`)
        self.blis = bool(getattr(maxout.ops, "use_blis", False))
        self.ops = maxout.ops
        self._h = numpy.empty((max(CHUNK_ROWS, MIN_ROWS), self.w.shape[1]), numpy.float32)

    def __call__(self, x: Any) -> Any:
        """max over pieces of (x W + b), layer-normalised; a new (rows, width) array."""
        rows = len(x)
        if rows < MIN_ROWS:
            padded = numpy.zeros((MIN_ROWS, x.shape[1]), x.dtype)
            padded[:rows] = x
            x = padded
        if self.blis:
            h = self.ops.gemm(x, self.w)
        elif len(x) <= len(self._h):  # the chunk's product into a buffer that stays in cache
            h = numpy.matmul(x, self.w, out=self._h[:len(x)])
        else:
            h = x @ self.w
        h += self.b
        n = self.width
        y = numpy.maximum(h[:rows, :n], h[:rows, n:2 * n])
        for p in range(2, self.pieces):
            numpy.maximum(y, h[:rows, p * n:(p + 1) * n], out=y)
        return self._norm(y)

    def _norm(self, y: Any) -> Any:
        # thinc's LayerNorm: (X - mean) * (var + 1e-8) ** -0.5 * G + b, in place
        mu = y.mean(axis=1, keepdims=True)
        var = y.var(axis=1, keepdims=True) + 1e-08
        y -= mu
        y *= var ** (-1.0 / 2.0)
        y *= self.g
        y += self.beta
        return y


class FusedEncoder:
    """The forward pass of one MultiHashEmbed >> MaxoutWindowEncoder model, in numpy.

    Built from the model's layers (:func:`encoder_parts`); call it on a list of Docs
    for a list of (tokens, width) arrays, as the model's ``predict`` returns.
    """

    def __init__(self, parts: dict[str, Any]):
        self.columns = parts["columns"]
        self.embeds = [(col, e.get_param("E"), e.attrs["seed"]) for col, e in parts["embeds"]]
        self.first = _Maxout(*parts["first"])
        self.blocks = [(window, _Maxout(m, n)) for window, m, n in parts["blocks"]]
        self.pad = parts["pad"]
        self.margin = max(w for w, _ in self.blocks)
        self.width = self.first.width
        self.ops = parts["ops"]
        self._index: dict[bytes, int] = {}
        self._lock = threading.Lock()
        self.computed = 0  # first-layer rows computed (the rest came from the cache)
        self._table = numpy.zeros((0, self.width), numpy.float32)

    def __call__(self, docs: list[Any]) -> list[Any]:
        return self.encode([doc.to_array(self.columns) for doc in docs])

    def encode(self, feats: list[Any]) -> list[Any]:
        """The vectors of docs given by their feature arrays (``doc.to_array(columns)``,
        e.g. slices of a longer doc's: a window needs no Doc of its own)."""
        with self._lock:  # the cache and the layers' buffers are shared (a server codes in threads)
            return self._encode_locked(feats)

    def _encode_locked(self, feats: list[Any]) -> list[Any]:
        lengths = [len(f) for f in feats]
        if not any(lengths):
            return [numpy.zeros((n, self.width), numpy.float32) for n in lengths]
        feats2 = numpy.ascontiguousarray(numpy.concatenate(feats).reshape(sum(lengths), -1),
                                         dtype=numpy.uint64)
        x, real = self._layout(self._first_rows(feats2), lengths)
        return self._split(self._encode(x, real), lengths)

    def _encode(self, x: Any, real: Any) -> Any:
        """The residual window blocks over the layout ``x`` (``margin`` zero rows each
        side): the rows ``real`` of the result.

        Each block computes only the rows a later block or the result reads
        (:meth:`_needed`), :data:`CHUNK_ROWS` rows at a time so that a piece's product,
        maxout, norm and residual stay in the core's cache; the rows computed are
        thinc's, and rows past the layout's ends read as zeros, as in its ``seq2col``.
        """
        margin, width = self.margin, self.width
        src, dst = x, numpy.zeros_like(x)
        needs = self._needed(real[margin:len(real) - margin])
        for block, ((window, layer), rows) in enumerate(zip(self.blocks, needs)):
            last = block == len(self.blocks) - 1
            out = numpy.empty((len(rows), width), numpy.float32) if last else dst
            col = numpy.empty((min(CHUNK_ROWS, len(rows)), (2 * window + 1) * width), numpy.float32)
            for a in range(0, len(rows), CHUNK_ROWS):
                part = rows[a:a + CHUNK_ROWS] + margin
                lo, hi, n = int(part[0]), int(part[-1]) + 1, len(part)
                near: Any = slice(lo, hi) if hi - lo == n else part
                for k in range(-window, window + 1):
                    at = (k + window) * width
                    col[:n, at:at + width] = src[lo + k:hi + k] if hi - lo == n else src[part + k]
                y = layer(col[:n])
                y += src[near]
                if last:
                    out[a:a + n] = y
                else:
                    dst[near] = y
            src, dst = dst, src
        return out

    def _needed(self, real: Any) -> list[Any]:
        """Per block, the layout rows whose output a later block or the result reads.

        The pad rows between docs carry values to the edge tokens only through the
        window: the last block needs only the docs' rows, the one before them one row
        more each side, and so on (thinc computes every row; the rows read are the same).
        """
        rows = [numpy.flatnonzero(real)]
        need = real
        for window, _ in reversed(self.blocks[1:]):
            grown = need.copy()
            for k in range(1, window + 1):
                grown[k:] |= need[:-k]
                grown[:-k] |= need[k:]
            need = grown
            rows.append(numpy.flatnonzero(need))
        return rows[::-1]

    def _first_rows(self, feats: Any) -> Any:
        """The first layer's output row of every token, from the cache or computed."""
        keys = feats.view(numpy.dtype((numpy.void, feats.shape[1] * 8))).ravel().tolist()
        index = self._index
        if len(index) + len(keys) > CACHE_ROWS:
            index.clear()
        get = index.get
        where = [get(k, -1) for k in keys]
        new: dict[bytes, int] = {}
        at = []
        for i, w in enumerate(where):
            if w < 0:
                k = keys[i]
                j = new.get(k)
                if j is None:
                    j = new[k] = len(index) + len(new)
                    at.append(i)
                where[i] = j
        if new:
            self._extend(feats[at], len(index))
            index.update(new)
        return numpy.take(self._table, numpy.array(where, numpy.intp), axis=0)

    def _extend(self, feats: Any, start: int) -> None:
        """Compute the first-layer rows of ``feats`` (distinct rows) into the table from ``start``."""
        ops = self.ops
        self.computed += len(feats)
        parts = []
        for col, table, seed in self.embeds:
            ids = numpy.ascontiguousarray(feats[:, col])
            parts.append(ops.gather_add(table, ops.hash(ids, seed) % table.shape[0]))
        rows = self.first(numpy.concatenate(parts, axis=1) if len(parts) > 1 else parts[0])
        end = start + len(rows)
        if end > len(self._table):
            grown = numpy.zeros((max(end, min(2 * len(self._table), CACHE_ROWS), 1024), self.width),
                                numpy.float32)
            grown[:start] = self._table[:start]
            self._table = grown
        self._table[start:end] = rows

    def _layout(self, rows: Any, lengths: list[int]) -> Any:
        """Rows of all docs with ``pad`` zero rows before, between and after, as thinc's
        ``with_array(pad=...)`` flattens them (empty docs dropped), and ``margin`` more
        zero rows at each end for the windows; which rows are the docs'."""
        pad, margin = self.pad, self.margin
        kept = [n for n in lengths if n]
        size = sum(kept) + pad * (len(kept) + 1) + 2 * margin
        x = numpy.zeros((size, self.width), numpy.float32)
        real = numpy.zeros(size, bool)
        at, src = pad + margin, 0
        for n in kept:
            x[at:at + n] = rows[src:src + n]
            real[at:at + n] = True
            at += n + pad
            src += n
        return x, real

    def _split(self, out: Any, lengths: list[int]) -> list[Any]:
        """Each doc's rows of ``out`` (the docs' rows, in order, without pads)."""
        ends = numpy.cumsum(lengths).tolist()
        return [out[end - n:end] for n, end in zip(lengths, ends)]


def encoder_parts(model: Any) -> dict[str, Any] | None:
    """The pieces of a MultiHashEmbed >> MaxoutWindowEncoder thinc model, or None if
    ``model`` is not exactly that architecture (float32 weights, no static vectors)."""
    try:
        embed, encode = model.layers
        extract, to_ragged, concat, first, to_list = embed.layers
        if (extract.name, to_ragged.name, to_list.name) != ("extract_features", "list2ragged", "ragged2list") \
                or not concat.name.startswith("with_array(") or not first.name.startswith("with_array("):
            return None
        embeds = []
        for item in concat.layers[0].layers:
            getitem, hashembed = item.layers
            index = getitem.attrs["index"]
            if getitem.name != "ints-getitem" or hashembed.name != "hashembed" \
                    or index[0] != slice(0, None, None):
                return None
            embeds.append((int(index[1]), hashembed))
        maxout, norm = _maxout_norm(first.layers[0])
        if not encode.name.startswith("with_array(") or concat.attrs.get("pad") or first.attrs.get("pad"):
            return None
        blocks = []
        inner = encode.layers[0]
        for res in [inner] if inner.layers[0].name.startswith("expand_window") else inner.layers:
            if not res.name.startswith("residual("):
                return None
            window, cnn = res.layers[0].layers[0], res.layers[0].layers[1:]
            if window.name != "expand_window" or len(cnn) != 1:
                return None
            blocks.append((int(window.attrs["window_size"]), *_maxout_norm(cnn[0])))
        layers = [maxout, norm] + [m for _, m, n in blocks] + [n for _, m, n in blocks] \
            + [h for _, h in embeds]
        if any(node.get_param(p).dtype != numpy.float32 for node in layers for p in node.param_names):
            return None
        return {"columns": list(extract.attrs["columns"]), "embeds": embeds, "first": (maxout, norm),
                "blocks": blocks, "pad": int(encode.attrs["pad"]), "ops": maxout.ops}
    except (AttributeError, KeyError, ValueError, TypeError, IndexError):
        return None


def _maxout_norm(node: Any) -> tuple[Any, Any]:
    """(maxout, layernorm) of a ``maxout>>layernorm>>dropout`` chain (dropout is idle
    in prediction)."""
    layers = list(node.layers)
    while len(layers) == 2 and layers[1].name == "dropout" and layers[0].name == "maxout>>layernorm":
        layers = list(layers[0].layers) + layers[1:]
    names = [n.name for n in layers]
    if names[:2] != ["maxout", "layernorm"] or any(n != "dropout" for n in names[2:]):
        raise ValueError(f"not maxout>>layernorm: {names}")
    return layers[0], layers[1]


def fused(model: Any) -> FusedEncoder | None:
    """The fused encoder of ``model`` (a fused encoder node or a chain starting with
    one, e.g. the entity recogniser's ``tok2vec >> list2array >> linear``), if any."""
    while model is not None:
        if isinstance(model._func, _FusedForward):
            return model._func.encoder
        model = model.layers[0] if model.layers else None
    return None


def fuse_encoders(nlp: Any) -> Any:
    """Give every MultiHashEmbed >> MaxoutWindowEncoder model in ``nlp`` (disabled
    components too) the fused forward pass for prediction; returns ``nlp``."""
    for _, proc in nlp.components:  # the disabled sentence recogniser too
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if isinstance(node._func, _FusedForward) or not node.name.startswith("extract_features>>"):
                continue
            parts = encoder_parts(node)
            if parts is not None:
                node._func = _FusedForward(FusedEncoder(parts), node._func)
    return nlp


class _FusedForward:
    """A thinc forward function: the fused encoder when predicting, thinc's own layers
    when training, for Spans, and for batches too short to multiply exactly alike."""

    def __init__(self, encoder: FusedEncoder, original: Callable):
        self.encoder, self.original = encoder, original

    def __call__(self, model: Any, docs: Any, is_train: bool) -> tuple[Any, Callable]:
        if is_train or not all(hasattr(d, "to_array") for d in docs) \
                or sum(len(d) for d in docs) < MIN_ROWS:  # thinc's products would round otherwise
            return self.original(model, docs, is_train)
        return self.encoder(list(docs)), _no_backprop

    def __reduce__(self) -> tuple:
        return _original, (self.original,)  # a pickled model gets thinc's forward back


def _original(forward: Callable) -> Callable:
    return forward


def _no_backprop(d_out: Any) -> Any:
    raise ValueError("the fused encoder predicts only; train with thinc's own layers")
