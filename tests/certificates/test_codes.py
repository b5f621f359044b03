"""Verification codes: unguessable, typeable, forgiving when read back."""

import math

from certificates.codes import ALPHABET, LENGTH, code_display, code_new, code_normalise


def test_codes_carry_at_least_80_random_bits_in_an_unambiguous_alphabet():
    assert LENGTH * math.log2(len(ALPHABET)) >= 80
    assert not set("ILOU") & set(ALPHABET)
    codes = {code_new() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == LENGTH and set(code) <= set(ALPHABET) for code in codes)


def test_a_code_is_shown_in_groups_of_four():
    assert code_display("7K3MQ9XD2HRTB8WNFA4C") == "7K3M-Q9XD-2HRT-B8WN-FA4C"


def test_typing_is_forgiving_about_case_separators_and_lookalikes():
    stored = "7K3MQ9XD2HRTB8WN1A0C"
    for typed in (
        "7K3M-Q9XD-2HRT-B8WN-1A0C",
        "7k3m q9xd 2hrt b8wn 1a0c",
        " 7k3mq9xd2hrtb8wnla0c ",  # l for 1
        "7K3M-Q9XD-2HRT-B8WN-IAOC",  # I for 1, O for 0
        "7K3M–Q9XD–2HRT–B8WN–1A0C",  # en dashes pasted from a document
    ):
        assert code_normalise(typed) == stored, typed


def test_what_cannot_be_a_code_is_refused():
    for typed in (
        "",
        "ABC",
        "7K3M-Q9XD-2HRT-B8WN-FA4",
        "7K3M-Q9XD-2HRT-B8WN-FA4CX",
        "U" * 20,
        "7K3M-Q9XD-2HRT-B8WN-FA4Ç",
        "<script>",
        "x" * 500,
        None,
    ):
        assert code_normalise(typed) is None, typed
