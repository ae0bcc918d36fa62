"""Near-duplicate fingerprints: tokens and shingles, signatures that are stable across processes, the
threshold that tells a syndicated copy from an article that quotes one, and Chinese text without spaces."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
from copy_texts import CHINESE_STORY, OTHER_CHINESE_STORY, OTHER_STORY, STORY, original, quoting, syndicated

from annotations import near_duplicates as nd

REPO_ROOT = Path(__file__).resolve().parents[2]


def similarity(first: str, second: str) -> float:
    return nd.similarity(nd.shingles(first), nd.shingles(second))


def test_tokens_are_lower_cased_words_and_single_cjk_characters() -> None:
    assert nd.tokens("The Port's CRANES, 2024!") == ["the", "port", "s", "cranes", "2024"]
    assert nd.tokens("港口管理局 said 東京タワー") == ["港", "口", "管", "理", "局", "said", "東", "京", "タ", "ワ", "ー"]
    assert nd.tokens("지원이 필요하다") == ["지원이", "필요하다"]  # Korean writes spaces: words


def test_token_hashes_are_the_hashes_of_the_tokens() -> None:
    """The fingerprint hashes tokens straight from the text's characters; ``tokens`` says what they are."""
    for text in ("The Port's CRANES, 2024!", "港口管理局 said 東京タワー: naïve café, ß and ÉCOLE_x", "지원이 필요하다",
                 "İstanbul ﬁne\u200bday", "", " ,; "):  # fmt: skip
        assert nd.token_hashes(text).tolist() == [nd.token_hash(token) for token in nd.tokens(text)]
    assert nd.token_hash("cranes") != nd.token_hash("crane")


def test_shingles_are_distinct_sorted_and_ignore_case_and_punctuation() -> None:
    text = original()
    hashed = nd.shingles(text)
    assert np.all(hashed[1:] > hashed[:-1])
    assert len(hashed) == len(nd.tokens(text)) - nd.SHINGLE_TOKENS + 1  # no repeated 5-word run in the story
    assert np.array_equal(nd.shingles(text.upper().replace(",", " ;")), hashed)


def test_signature_is_the_same_in_another_process() -> None:
    """Signatures are stored: Python's per-process string hashing must play no part in them."""
    script = (
        "import sys; sys.path[:0] = ['tests', '.'];"
        "from copy_texts import original; from annotations.near_duplicates import fingerprint;"
        "print(fingerprint(original()).to_bytes().hex())"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": seed}).stdout.strip()  # fmt: skip
        for seed in ("1", "2")
    }
    found = nd.fingerprint(original())
    assert found is not None
    assert outputs == {found.to_bytes().hex()}
    assert np.array_equal(nd.signature_from_bytes(found.to_bytes()), found.signature)


def test_a_syndicated_copy_reaches_the_threshold_and_shares_a_band() -> None:
    copy, source = nd.fingerprint(syndicated()), nd.fingerprint(original())
    assert copy is not None and source is not None
    score = nd.similarity(copy.shingles, source.shingles)
    assert nd.is_copy(score)
    assert abs(nd.estimated_similarity(copy.signature, source.signature) - score) < 0.2
    assert set(copy.buckets()) & set(source.buckets())


def test_an_article_quoting_a_paragraph_is_not_a_copy() -> None:
    score = similarity(original(), quoting())
    assert 0 < score < 0.2  # the quoted paragraph is shared, and nothing else
    assert not nd.is_copy(score)
    assert not nd.is_copy(similarity(original(), original(OTHER_STORY, "Night trains return")))


def test_chinese_copies_are_found_by_character_shingles() -> None:
    chinese = original(CHINESE_STORY, "港口起重机因风暴关闭")
    assert nd.is_copy(similarity(chinese, syndicated(CHINESE_STORY, drop=None)))
    assert not nd.is_copy(similarity(chinese, quoting(CHINESE_STORY, OTHER_CHINESE_STORY)))
    assert similarity(chinese, original(OTHER_CHINESE_STORY, "夜班火车恢复运行")) < 0.05
    # Without character tokens the whole text would be a handful of "words" and have no fingerprint.
    assert len(nd.shingles(chinese)) > 200


def test_short_texts_get_no_fingerprint() -> None:
    assert nd.fingerprint("A caption of a few words only.") is None
    assert nd.fingerprint("") is None
    assert nd.signature_from_bytes(nd.empty_signature()) is None


def test_similarity_is_symmetric_and_one_for_the_same_text() -> None:
    assert similarity(original(), original()) == 1.0
    assert similarity(original(), syndicated()) == similarity(syndicated(), original())
    assert similarity("", "") == 0.0


def test_a_long_text_is_fingerprinted_whole() -> None:
    """Every part of a long text counts: a change at its very end changes the shingle set."""
    long_text = "\n\n".join(STORY * 3 + OTHER_STORY * 3) + " " + " ".join(f"word{n}" for n in range(20_000))
    changed = long_text + " a different ending"
    assert not np.array_equal(nd.shingles(long_text), nd.shingles(changed))
    assert nd.is_copy(similarity(long_text, changed))
