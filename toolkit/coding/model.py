"""Saving and loading trained code classifiers.

A model folder holds:

    manifest.json     what the model is: versions, codebook hash, training-data hash, NLP pipeline,
                      seed, parameters, codes with mode/threshold/support, sha256 of every file
    metrics.json      cross-validated quality, written at training time
    codebook.json     the codebook it was trained for
    features.json     feature names in column order (vocabulary of the tf-idf block first)
    *.npy             idf, coefficients, intercepts, calibration, thresholds (float64)
    base/             the model it was adapted from, when trained with --base

Everything is JSON or `.npy` read with `allow_pickle=False`: loading never executes code from the
folder. Files whose sha256 differs from the manifest are refused (a tampered or half-copied model).
A folder is written beside its target and renamed into place; an existing model is never
overwritten.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path
from typing import Any

import numpy as np

from toolkit.files import atomic_dir, created_at, load_array, sha256_file, verify_folder
from toolkit.coding.classifiers import CodeClassifier
from toolkit.coding.codebook import Codebook, _from_mapping, validate
from toolkit.errors import ModelError
from toolkit.coding.features import PipelineVectors, WordVectors, lexicon_feature_names, term_ngrams
from toolkit.coding.tfidf import FittedTfidf

__all__ = ["save_model", "load_model", "LoadedModel", "FORMAT_VERSION", "default_model_path"]

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

FORMAT_VERSION = 2  # 2: the tf-idf reads every lemma (Prepared.words), not content lemmas only
_ARRAYS = ("idf", "coef", "intercept", "calibration", "thresholds")


class LoadedModel:
    """A classifier with its manifest and codebook."""

    def __init__(self, path: Path, manifest: dict[str, Any], codebook: Codebook, clf: CodeClassifier,
                 metrics: dict[str, Any]) -> None:
        self.path = path
        self.manifest = manifest
        self.codebook = codebook
        self.classifier = clf
        self.metrics = metrics

    @property
    def coder(self) -> str:
        return f"model:{self.manifest['name']}@{self.manifest['version']}"


def default_model_path() -> Path:
    return Path(__file__).resolve().parents[2] / "models" / "default"


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("worth", "spacy", "simplemma", "scikit-learn", "numpy", "scipy"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _write_dir(folder: Path, clf: CodeClassifier, codebook: Codebook, info: dict[str, Any],
               metrics: dict[str, Any]) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    arrays = {"idf": clf.vectorizer_.idf_, "coef": clf.coef_, "intercept": clf.intercept_,
              "calibration": clf.calibration_, "thresholds": clf.thresholds_}
    for name, arr in arrays.items():
        np.save(folder / f"{name}.npy", np.ascontiguousarray(arr, dtype=np.float64), allow_pickle=False)
    vocab = clf.vectorizer_.get_feature_names_out().tolist()
    (folder / "features.json").write_text(json.dumps({"terms": vocab}, ensure_ascii=False), encoding="utf-8")
    (folder / "codebook.json").write_text(json.dumps(codebook.content(), ensure_ascii=False, sort_keys=True,
                                                     indent=1), encoding="utf-8")
    (folder / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, sort_keys=True, indent=1),
                                         encoding="utf-8")
    if isinstance(clf.vectors, WordVectors):
        np.save(folder / "vectors.npy", np.ascontiguousarray(clf.vectors.matrix, dtype=np.float32), allow_pickle=False)
        (folder / "vectors.json").write_text(json.dumps(list(clf.vectors.words), ensure_ascii=False), encoding="utf-8")
    semantic = _write_semantic(folder, clf)
    if clf.topics is not None:
        from toolkit.coding.topicmodel_io import save_topic_model

        save_topic_model(clf.topics, folder / "topics", pipeline=info.get("nlp_pipeline"))
    if clf.base is not None:
        base_info = getattr(clf.base, "_manifest", None) or {}
        _write_dir(folder / "base", clf.base, getattr(clf.base, "_codebook", codebook), base_info,
                   getattr(clf.base, "_metrics", {}))
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p != folder / "manifest.json")
    digest = hashlib.sha256()
    for p in files:
        if p.parent == folder:
            digest.update(p.name.encode() + sha256_file(p).encode())
    manifest = {
        **info,
        "format_version": FORMAT_VERSION,
        "codes": [{"id": c, "mode": str(m), "threshold": float(t), "support": int(s)}
                  for c, m, t, s in zip(clf.code_ids_, clf.mode_, clf.thresholds_, clf.support_)],
        "params": {k: v for k, v in clf.get_params(deep=False).items()
                   if k not in ("base", "code_ids", "topics", "vectors", "examples", "semantic")},
        "semantic": semantic,
        "vectors": ({"source": "pipeline", "pipeline": clf.vectors.pipeline, "dim": clf.vectors.dim}
                    if isinstance(clf.vectors, PipelineVectors)
                    else "vectors.npy" if clf.vectors is not None else None),
        "topics": "topics" if clf.topics is not None else None,
        "codebook": {"name": codebook.name, "version": codebook.version, "hash": codebook.hash,
                     "source": Path(codebook.source).name if codebook.source else None},
        "base": "base" if clf.base is not None else None,
        "files": {str(p.relative_to(folder)): sha256_file(p) for p in files},
    }
    manifest.setdefault("version", f"{_versions()['worth']}-{digest.hexdigest()[:10]}")
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1),
                                          encoding="utf-8")
    return manifest


def _write_semantic(folder: Path, clf: CodeClassifier) -> dict[str, Any] | None:
    """The semantic block's arrays (semantic_*.npy) and, when blended, the semantic-only decision."""
    block = getattr(clf, "semantic_", None)
    if block is None:
        return None
    params, arrays = block.state()
    if clf.blend > 0:
        arrays.update(coef=clf.sem_coef_, intercept=clf.sem_intercept_, calibration=clf.sem_calibration_)
    for name, arr in arrays.items():
        arr = np.asarray(arr)
        dtype = np.int64 if arr.dtype.kind in "iu" else np.float32 if name in ("memory", "anchors") else np.float64
        np.save(folder / f"semantic_{name}.npy", np.ascontiguousarray(arr, dtype=dtype), allow_pickle=False)
    return {**params, "blend": float(clf.blend), "arrays": sorted(arrays)}


def _load_semantic(folder: Path, entry: Any, clf: CodeClassifier) -> int:
    """Attach the saved semantic block (its embedder found by id); returns its number of features."""
    from toolkit.coding.semantic import SemanticBlock
    from toolkit.nlp.embeddings import resolve_embedder

    clf.semantic_ = None
    k = len(clf.code_ids_)
    clf.sem_coef_, clf.sem_intercept_, clf.sem_calibration_ = np.zeros((k, 0)), np.zeros(k), np.tile([1.0, 0.0], (k, 1))
    if not entry:
        return 0
    try:
        embedder = resolve_embedder(entry["embedder"])
        arrays = {a: load_array(folder / f"semantic_{a}.npy") for a in entry["arrays"]}
        clf.semantic_ = SemanticBlock.from_state(entry, arrays, embedder)
    except (KeyError, TypeError) as exc:
        raise ModelError(f"manifest.json is damaged (its semantic entry: {exc})", path=folder,
                         hint="copy the model folder again, or train it again") from None
    if "coef" in arrays:
        clf.sem_coef_, clf.sem_intercept_ = arrays["coef"], arrays["intercept"]
        clf.sem_calibration_ = arrays["calibration"]
        clf.blend = float(entry.get("blend", 0.0))  # what the thresholds were chosen with (--blend, --tune)
    return len(clf.semantic_.feature_names(clf.code_ids_))


def check_new_model_dir(out: str | Path) -> None:
    """Refuse an --out that already holds something: models are never overwritten."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ModelError("model folder already exists; models are never overwritten", path=out,
                         hint="choose a new --out folder")


def save_model(out: str | Path, clf: CodeClassifier, codebook: Codebook, *, name: str | None = None,
               training: dict[str, Any], metrics: dict[str, Any], pipeline: str, seed: int) -> dict[str, Any]:
    """Write a new model folder (refuses to overwrite); returns the manifest."""
    out = Path(out)
    check_new_model_dir(out)
    info = {"name": name or out.name, "created_at": created_at(),
            "toolkit_versions": _versions(), "nlp_pipeline": pipeline, "seed": seed, "training": training}
    with atomic_dir(out) as tmp:
        manifest = _write_dir(tmp, clf, codebook, info, metrics)
    return manifest


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"model folder is incomplete: {path.name} is missing", path=path.parent,
                         hint="copy the whole model folder, or train it again") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path.name} is damaged ({exc})", path=path.parent,
                         hint="copy the model folder again, or train it again") from None


def _load_vectors(folder: Path, entry: Any) -> WordVectors | PipelineVectors | None:
    if not entry:
        return None
    if entry == "vectors.npy":
        return WordVectors(tuple(_read_json(folder / "vectors.json")), load_array(folder / "vectors.npy"))
    if not (isinstance(entry, dict) and isinstance(entry.get("pipeline"), str) and isinstance(entry.get("dim"), int)):
        raise ModelError("manifest.json is damaged (its vectors entry)", path=folder,
                         hint="copy the model folder again, or train it again")
    from toolkit import nlp

    if nlp.pipeline_info().key != entry["pipeline"] or not nlp.has_vectors():
        raise ModelError(f"this model uses the word vectors of the spaCy pipeline {entry['pipeline']}, but the "
                         f"active pipeline is {nlp.pipeline_info().key}", path=folder,
                         hint=f"make {entry['pipeline']} the active pipeline (install it, or point "
                              "WORTH_SPACY_MODEL at it; see the README), or train a model without --vectors")
    vectors = PipelineVectors.active()
    if vectors.dim != entry["dim"]:
        raise ModelError(f"the pipeline's vectors have {vectors.dim} dimensions, the model expects {entry['dim']}",
                         path=folder, hint="train the model again")
    return vectors


def _load_dir(folder: Path) -> tuple[dict[str, Any], Codebook, CodeClassifier, dict[str, Any]]:
    if not folder.is_dir():
        what = "a file, not a model folder" if folder.is_file() else "no such model folder"
        raise ModelError(what, path=folder, hint="give a folder made by `worth train` (e.g. models/default)")
    if not (folder / "manifest.json").is_file():
        raise ModelError("not a model folder: it has no manifest.json", path=folder,
                         hint="give a folder made by `worth train` (e.g. models/default)")
    manifest = _read_json(folder / "manifest.json")
    if manifest.get("format") == "worth-topic-model":
        raise ModelError("this is a topic model, not a code classifier", path=folder,
                         hint="give a folder made by `worth train`; topic models are used with `worth topics --model`")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"model format {manifest.get('format_version')} is not format {FORMAT_VERSION} "
                         "that this worth reads", path=folder,
                         hint="train the model again with this version of worth")
    verify_folder(folder, manifest.get("files", {}), what="model", redo="train the model again")
    book_data = _read_json(folder / "codebook.json")
    codebook = _from_mapping(book_data, folder / "codebook.json", {})
    validate(codebook, definitions_checked=True)
    if codebook.hash != manifest["codebook"]["hash"]:
        raise ModelError("codebook.json does not match the manifest", path=folder)
    arrays = {name: load_array(folder / f"{name}.npy") for name in _ARRAYS}
    terms = _read_json(folder / "features.json")["terms"]
    codes = manifest["codes"]
    k = len(codes)
    params = dict(manifest["params"])
    base = None
    if manifest.get("base"):
        b_manifest, b_book, base, b_metrics = _load_dir(folder / manifest["base"])
    topics = None
    if manifest.get("topics"):
        from toolkit.coding.topicmodel_io import load_topic_model

        topics = load_topic_model(folder / manifest["topics"])
    vectors = _load_vectors(folder, manifest.get("vectors"))
    clf = CodeClassifier(code_ids=[c["id"] for c in codes], base=base, topics=topics, vectors=vectors, **params)
    clf.vectorizer_ = FittedTfidf({t: i for i, t in enumerate(terms)}, arrays["idf"], term_ngrams)
    clf.code_ids_ = [c["id"] for c in codes]
    clf.mode_ = np.array([c["mode"] for c in codes])
    clf.support_ = np.array([c["support"] for c in codes])
    clf.coef_ = arrays["coef"]
    clf.intercept_ = arrays["intercept"]
    clf.calibration_ = arrays["calibration"]
    clf.thresholds_ = arrays["thresholds"]
    n_features = len(terms) + len(lexicon_feature_names(clf.code_ids_))
    if base is not None:
        n_features += len([c for c in base.code_ids_ if c in set(clf.code_ids_)])
    if topics is not None:
        n_features += len(topics.topic_labels_)
    if vectors is not None:
        n_features += vectors.dim
    n_features += _load_semantic(folder, manifest.get("semantic"), clf)
    if clf.coef_.shape != (k, n_features):
        raise ModelError("model arrays do not fit its feature list", path=folder, hint="train the model again")
    metrics = _read_json(folder / "metrics.json")
    clf._manifest, clf._codebook, clf._metrics = manifest, codebook, metrics
    return manifest, codebook, clf, metrics


def model_folder(path: str | Path | None) -> Path:
    """`path`; none: models/default; a bare name that is no folder here (`full`): the shipped models/NAME."""
    if path is None:
        return default_model_path()
    folder = Path(path)
    shipped = default_model_path().parent / folder.name
    if not folder.exists() and len(folder.parts) == 1 and (shipped / "manifest.json").is_file():
        return shipped
    return folder


def load_model(path: str | Path | None = None, *, codebook: Codebook | None = None) -> LoadedModel:
    """Load a model folder (default: models/default; `full`: the shipped models/full), checking files,
    format and codebook."""
    folder = model_folder(path)
    manifest, book, clf, metrics = _load_dir(folder)
    if codebook is not None and codebook.hash != book.hash:
        raise ModelError(f"this model was trained for codebook {book.name!r} ({book.hash[:12]}), not for "
                         f"{codebook.name!r} ({codebook.hash[:12]})", path=folder,
                         hint="code with the model's own codebook (leave out --codebook) or train a model "
                              "for your codebook with `worth train`")
    from toolkit import nlp

    if manifest.get("nlp_pipeline") and manifest["nlp_pipeline"] != nlp.pipeline_info().key:
        log.warning("model %s was trained with the NLP pipeline %s, but the active one is %s: lemmas differ, "
                    "so scores shift; train it again with this pipeline for results you report",
                    folder.name, manifest["nlp_pipeline"], nlp.pipeline_info().key)
    return LoadedModel(folder, manifest, book, clf, metrics)
