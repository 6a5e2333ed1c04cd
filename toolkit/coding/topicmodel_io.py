"""Save and load a topic model folder (JSON + NumPy, checksums in the manifest)."""

from __future__ import annotations
import logging

import json
import numbers
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.utils.validation import check_is_fitted

from toolkit.files import atomic_dir, created_at, load_array, sha256_file, verify_folder
from toolkit.errors import ModelError
from toolkit.coding.topicmodel import FORMAT_VERSION, _ARRAYS
from toolkit.coding.phrases import PhraseJoiner, _JOINER
from toolkit.coding.topicmodel import TopicModel, _FORMAT, _GAMMA_THRESHOLD

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("worth", "gensim", "numpy", "scipy", "scikit-learn"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _jsonable(value: Any) -> Any:
    """Parameters as plain JSON values (numpy numbers and tuples included)."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [_jsonable(v) for v in value]
    raise ModelError(f"parameter value {value!r} cannot be saved", hint="use numbers, text and lists")


def _dump(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")


def save_topic_model(model: TopicModel, folder: str | Path, *, pipeline: str | None = None,
                     extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Write a fitted model to a new folder (JSON + .npy, no pickle); returns the manifest.

    `pipeline` is the NLP pipeline key the terms came from (default: the active one); `extra`
    (e.g. codebook hash, data hash) is stored under "provenance". Existing folders are refused.
    """
    check_is_fitted(model, "lda_")
    out = Path(folder)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ModelError("model folder already exists; models are never overwritten", path=out,
                         hint="choose a new folder")
    if pipeline is None:
        from toolkit import nlp

        pipeline = nlp.pipeline_info().key
    lda = model.lda_
    vocab = model._vocab()
    d = model.dictionary_
    arrays = {"lambda": lda.state.get_lambda(), "sstats": lda.state.sstats, "alpha": lda.alpha,
              "eta": lda.state.eta}
    with atomic_dir(out) as tmp:
        for name, arr in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(arr, dtype=np.float64), allow_pickle=False)
        _dump(tmp / "dictionary.json", {"tokens": vocab, "dfs": [d.dfs[i] for i in range(len(vocab))],
                                        "cfs": [d.cfs[i] for i in range(len(vocab))], "num_docs": d.num_docs,
                                        "num_pos": d.num_pos, "num_nnz": d.num_nnz})
        _dump(tmp / "phrases.json", {"joiner": _JOINER, "phrases": [list(p) for p in model.phraser_.phrases]})
        files = sorted(p.name for p in tmp.iterdir() if p.is_file())
        manifest = {
            "format": _FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": created_at(),
            "versions": _versions(),
            "nlp_pipeline": pipeline,
            "params": _jsonable(model.get_params()),
            "n_docs": model.n_docs_,
            "n_terms": len(vocab),
            "n_phrases": len(model.phraser_.phrases),
            "n_topics": len(model.topic_labels_),
            "topic_labels": list(model.topic_labels_),
            "seed_report": model.seed_report_,
            "provenance": _jsonable(dict(extra or {})),
            "files": {name: sha256_file(tmp / name) for name in files},
        }
        _dump(tmp / "manifest.json", manifest)
    return manifest


def _read_json(folder: Path, name: str) -> Any:
    try:
        return json.loads((folder / name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"topic model folder is incomplete: {name} is missing", path=folder,
                         hint="copy the whole folder, or fit the model again") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{name} is damaged ({exc})", path=folder,
                         hint="copy the folder again, or fit the model again") from None


def load_topic_model(folder: str | Path) -> TopicModel:
    """Read a folder written by `save_topic_model`, checking checksums, versions and shapes."""
    from gensim.corpora import Dictionary
    from gensim.models import LdaModel

    folder = Path(folder)
    if not folder.is_dir():
        raise ModelError("no such topic model folder", path=folder,
                         hint="give a folder written by save_topic_model / `worth topics`")
    manifest = _read_json(folder, "manifest.json")
    if manifest.get("format") != _FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"not a worth topic model of format {FORMAT_VERSION} "
                         f"(found {manifest.get('format')!r} {manifest.get('format_version')!r})",
                         path=folder, hint="fit the model again with this version of worth")
    verify_folder(folder, manifest.get("files") or {}, what="topic model", redo="fit the model again",
                  required=["dictionary.json", "phrases.json", *(f"{a}.npy" for a in _ARRAYS)])
    saved_gensim = manifest.get("versions", {}).get("gensim")
    current = _versions()["gensim"]
    if saved_gensim != current:
        log.warning("%s: topic model written with gensim %s, loading with gensim %s", folder, saved_gensim, current)

    arrays = {name: load_array(folder / f"{name}.npy", redo="fit the model again") for name in _ARRAYS}
    dct = _read_json(folder, "dictionary.json")
    ph = _read_json(folder, "phrases.json")
    try:
        vocab = [str(t) for t in dct["tokens"]]
        phrases = tuple(tuple(str(w) for w in p) for p in ph["phrases"])
        labels = [str(x) for x in manifest["topic_labels"]]
        params = dict(manifest["params"])
        model = TopicModel(**params)
    except (KeyError, TypeError) as exc:
        raise ModelError(f"topic model files lack a field or hold a wrong one ({exc})", path=folder,
                         hint="fit the model again") from None
    k, v = len(labels), len(vocab)
    if (arrays["lambda"].shape != (k, v) or arrays["sstats"].shape != (k, v) or arrays["eta"].shape != (k, v)
            or arrays["alpha"].shape != (k,) or len(dct["dfs"]) != v or k != manifest.get("n_topics")
            or v != manifest.get("n_terms")):
        raise ModelError("topic model arrays do not fit its vocabulary and topics", path=folder,
                         hint="fit the model again")
    if not np.array_equal(arrays["eta"] + arrays["sstats"], arrays["lambda"]):
        raise ModelError("lambda.npy is not eta + sstats", path=folder, hint="fit the model again")

    dictionary = Dictionary()
    dictionary.token2id = {t: i for i, t in enumerate(vocab)}
    dictionary.dfs = {i: int(x) for i, x in enumerate(dct["dfs"])}
    dictionary.cfs = {i: int(x) for i, x in enumerate(dct["cfs"])}
    dictionary.num_docs, dictionary.num_pos, dictionary.num_nnz = (int(dct["num_docs"]), int(dct["num_pos"]),
                                                                   int(dct["num_nnz"]))
    lda = LdaModel(corpus=None, id2word=dictionary, num_topics=k, alpha=arrays["alpha"], eta=arrays["eta"],
                   passes=int(model.passes), iterations=int(model.iterations), gamma_threshold=_GAMMA_THRESHOLD,
                   eval_every=None, random_state=model.random_state, dtype=np.float64)
    lda.state.sstats = arrays["sstats"].copy()
    lda.state.numdocs = int(manifest.get("n_docs", 0))
    lda.sync_state()
    model.dictionary_ = dictionary
    model.phraser_ = PhraseJoiner(phrases)
    model.lda_ = lda
    model.topic_labels_ = labels
    model.seed_report_ = manifest.get("seed_report") or {}
    model.n_docs_ = int(manifest.get("n_docs", 0))
    return model


