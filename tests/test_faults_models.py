"""Model files checked on load (finite numbers, shapes that agree, known classes, string tokenizer
words) with one clear line, and the lexicon fingerprint a model carries."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import numpy as np
import pytest
from _faults import cli

import opsmatch
from opsmatch import ModelLoadError
from opsmatch.analyzer import Analyzer
from opsmatch.classifier import DEFAULT_EXPORT_PATH, SubtypeClassifier
from opsmatch.errors import LexiconMismatchWarning
from opsmatch.fingerprint import lexicon_fingerprint
from opsmatch.linear import LinearTextModel


def _variant(tmp_path: Path, name: str, change) -> Path:
    with np.load(DEFAULT_EXPORT_PATH, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    meta = json.loads(str(arrays["meta"]))
    change(arrays, meta)
    arrays["meta"] = np.asarray(json.dumps(meta, ensure_ascii=False))
    path = tmp_path / f"{name}.npz"
    np.savez_compressed(path, **arrays)
    return path


def _nan(arrays, meta):
    arrays["desc_coef"] = arrays["desc_coef"].copy()
    arrays["desc_coef"][3, 7] = np.nan


def _shape(arrays, meta):
    arrays["desc_coef"] = arrays["desc_coef"][:, :-1]


def _null_word(arrays, meta):
    meta["tokenizer_words"] = [*meta["tokenizer_words"][:3], None]


def _unknown_class(arrays, meta):
    meta["classes"] = ["astrology", *meta["classes"][1:]]


def _inf_idf(arrays, meta):
    arrays["title_idf"] = arrays["title_idf"].copy()
    arrays["title_idf"][0] = np.inf


def _bad_ngrams(arrays, meta):
    meta["ngrams"] = "two"


CASES = {
    "nan": (_nan, "description coef holds 1 values that are not finite"),
    "shape": (_shape, "description coef has shape"),
    "null_word": (_null_word, "`tokenizer_words` holds None, not a word"),
    "inf_idf": (_inf_idf, "title idf holds 1 values that are not finite"),
    "ngrams": (_bad_ngrams, "`ngrams` must be 1 or 2"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_npz_models_are_refused_in_one_line(tmp_path: Path, name: str) -> None:
    change, message = CASES[name]
    path = _variant(tmp_path, name, change)
    with pytest.raises(ModelLoadError, match=message) as info:
        LinearTextModel.load(path)
    assert str(info.value).startswith(str(path)) and "\n" not in str(info.value)


def test_unknown_classes_are_refused_by_the_analyzer(tmp_path: Path) -> None:
    path = _variant(tmp_path, "unknown", _unknown_class)
    with pytest.raises(ModelLoadError, match=r"sub-types \['astrology'\] are neither"):
        Analyzer(model=path)


def test_cli_names_a_broken_model_in_one_line(tmp_path: Path) -> None:
    path = _variant(tmp_path, "nan", _nan)
    res = cli("analyze", "负责社群运营", "--model", str(path))
    err = res.stderr.decode().strip()
    assert res.returncode == 2 and len(err.splitlines()) == 1 and "not finite" in err and "Traceback" not in err


def test_a_broken_skops_estimator_is_refused(tmp_path: Path) -> None:
    clf = SubtypeClassifier(gate_temperature=1.0).fit(
        ["负责社群拉新和留存", "负责公众号推文写作", "Java后端开发"] * 3, ["user_ops", "new_media_ops", "other"] * 3
    )
    assert clf.lexicon_fingerprint == lexicon_fingerprint(opsmatch.load_lexicon())
    clf.model_.coef_[0, 0] = np.nan
    path = clf.save(tmp_path / "broken.skops")
    with pytest.raises(ModelLoadError, match="not finite"):
        SubtypeClassifier.load(path)


def test_the_shipped_model_carries_the_shipped_lexicons_fingerprint() -> None:
    """Fails after a lexicon change until the model is rebuilt: python scripts/build_default_model.py"""
    model = LinearTextModel.load(DEFAULT_EXPORT_PATH)
    assert model.lexicon_fingerprint == lexicon_fingerprint(opsmatch.load_lexicon())
    with warnings.catch_warnings():
        warnings.simplefilter("error", LexiconMismatchWarning)
        Analyzer()


def test_a_model_used_with_another_lexicon_warns(tmp_path: Path) -> None:
    lexicon = tmp_path / "lex"
    shutil.copytree(opsmatch.DEFAULT_LEXICON_DIR, lexicon)
    path = lexicon / "copywriting.toml"
    path.write_text(
        path.read_text(encoding="utf-8") + '\n[[term]]\nname = "分镜头脚本撰写"\nkind = "skill"\n', encoding="utf-8"
    )
    with pytest.warns(LexiconMismatchWarning, match="trained with another lexicon"):
        Analyzer(lexicon)
    # the fingerprint follows content, not files: a copy of the shipped folder is the same lexicon
    same = tmp_path / "same"
    shutil.copytree(opsmatch.DEFAULT_LEXICON_DIR, same)
    with warnings.catch_warnings():
        warnings.simplefilter("error", LexiconMismatchWarning)
        Analyzer(same)


def test_training_on_labels_no_one_knows_fails_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from opsmatch.cli import main

    src = tmp_path / "labelled.csv"
    src.write_text("title,description,subtype\n运营,负责社群运营,user_ops\n占星,解读星盘,astrology\n", encoding="utf-8")
    assert main(["train", str(src), "-o", str(tmp_path / "m.skops")]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "['astrology']" in err
    assert not (tmp_path / "m.skops").exists()
