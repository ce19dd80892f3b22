"""text: number-to-words formatters sharing one symbol table and one scale table."""

from __future__ import annotations

import pytest

from smartkorea import charts, compare, markets, money, text


def test_every_symbol_is_written_the_same_in_prose_and_on_charts():
    for code, symbol in text.SYMBOLS.items():
        assert text.format_money(5e9, code) == f"{symbol}5bn"
        assert text.compact(5e9, code) == f"{symbol}5bn"
    assert text.format_money(5e6, "CHF") == "CHF 5m"
    assert text.compact(5e6, "CHF") == "CHF 5m"


def test_prose_and_chart_styles_differ_below_a_million_only():
    assert text.format_money(2400, "GBP") == "£2,400"
    assert text.format_money(2400, "GBP", style="chart") == "£2.4k"
    assert text.format_money(941.2e6, "GBP", style="chart") == text.compact(941.2e6, "GBP") == "£941m"
    assert text.format_money(1.455e15, "KRW") == "₩1,455tn"
    with pytest.raises(ValueError, match="style"):
        text.format_money(1, "GBP", style="tabloid")


def test_money_written_by_format_money_reads_back_through_the_same_tables():
    for multiplier, suffix, word in text.SCALES:
        found = markets.amounts_in_text(f"GBP 1.5{suffix} and KRW 2 {word}")
        assert [(a.amount, a.currency) for a in found] == [(1.5 * multiplier, "GBP"), (2 * multiplier, "KRW")]
    for amount in (3.2e6, 47e9, 1.4e12):
        for code in text.SYMBOLS:
            (back,) = markets.amounts_in_text(text.format_money(amount, code))
            assert (back.amount, back.currency) == (pytest.approx(amount), code)


def test_currency_code():
    assert text.currency_code(" krw ") == "KRW"
    for bad in ("KR", "KRWX", "K1W", 7, None):
        with pytest.raises(ValueError, match="three-letter"):
            text.currency_code(bad)


@pytest.mark.parametrize("n, word", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"),
                                     (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"),
                                     (101, "101st"), (111, "111th"), (112, "112th")])
def test_ordinal(n, word):
    assert text.ordinal(n) == word


def test_old_names_still_reach_the_one_implementation():
    assert money.format_money is text.format_money
    assert money.format_pct is text.format_pct
    assert compare.ordinal is text.ordinal
    assert charts.compact is text.compact


def test_year_texts():
    assert text.year_spans([2013, 2014, 2015, 2017]) == "2013–2015, 2017"
    assert text.year_spans([2020]) == "2020"
    assert text.year_spans([]) == "no years"
    assert text.year_list([2019, 2021]) == "2019, 2021"
    assert text.year_list(range(2000, 2024)) == "2000–2023 (24 years)"


@pytest.mark.parametrize("value, shown", [(12345.0, "12,345"), (47, "47"), (4.5512, "4.55"), (0.012345, "0.0123")])
def test_plain_number(value, shown):
    assert text.plain_number(value) == shown


# --------------------------------------------------------------------------- prose from data

PAYLOADS = [
    'Israel<img src=x onerror="document.title=\'PWNED\'">',
    "<script>document.title='PWNED'</script>",
    "[click](javascript:alert(1))",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_values_carry_no_markup(payload):
    from smartkorea import text

    out = text.escape(payload)
    assert "<" not in out and ">" not in out
    assert "](" not in out.replace("\\]", "")  # the link syntax is broken by the escapes
    # nothing is lost: unescaping gives the value back
    import html
    assert html.unescape(out.replace("\\", "")) == payload


def test_prose_escapes_fields_but_not_the_template_or_safe_links():
    from smartkorea import text

    p = text.prose("**{name}** ({src})", name="A_B*C", src=text.link("OECD", "https://oecd.org/x"))
    assert p.markdown == "**A\\_B\\*C** ([OECD](https://oecd.org/x))"
    assert p._repr_markdown_() == p.markdown and repr(p) == p.markdown
    assert text.link("bad", "javascript:alert(1)") == "bad"


def test_a_line_break_in_a_value_cannot_change_the_markdown_structure():
    from smartkorea import text

    assert text.prose("Name: {n}", n="a\n===\n- b").markdown == "Name: a === - b"


@pytest.mark.parametrize("raw, readable", [
    ("leading district of 34만 m2", "leading district of 0.34 km²"),  # 340,000 m² = 0.34 km²
    ("84만 pyeong", "about 2.8 km²"),  # 840,000 pyeong x 3.3058 m² = 2.78 km²
    ("site of 2.19 km2, 40 m2 homes", "site of 2.19 km², 40 m² homes"),
    ("~KRW 5.4tn total", "about ₩5.4tn total"),
    ("KRW 2.2 tn government estimate", "₩2.2tn government estimate"),
    ("KRW 732,740m in 2025", "₩732,740m in 2025"),
    ("record KRW 4.2 trillion", "record ₩4.2tn"),  # a scale word becomes the package's suffix
    ("GDP KRW 2663.3tn; KRW 1,000 billion", "GDP ₩2,663.3tn; ₩1,000bn"),  # thousands separated
    ("nothing to change", "nothing to change"),
])
def test_plain_english_descriptions(raw, readable):
    assert text.plain_english(raw) == readable


def test_plain_english_leaves_no_source_notation_in_the_pilot_city_descriptions():
    import smartkorea as sk

    for description in sk.load("pilot_city_status")["description"].dropna():
        shown = text.plain_english(description)
        assert "만" not in shown and "KRW" not in shown and " m2" not in shown, shown
