"""smartkorea.charts: every chart kind on real data, the house style, saving, bad input.

No pixel baselines: the tests check what the style promises (title, unit, source line built
from the data, highlight colour, direct labels) on the artists themselves, and that saved
bytes are reproducible.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import same_color, to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import smartkorea as sk
from smartkorea import audit, charts, verdicts
from smartkorea.charts import HIGHLIGHT, ChartDataError
from smartkorea.charts._place import crosses, data_segments

PEERS = ["KOR", "GBR", "USA", "JPN", "DEU", "CHN", "OED"]


# --------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def rd():
    df = sk.load("rd_intensity")
    return df[(df["vintage"] == "WDI 2026-07") & df["country"].isin(PEERS)]


@pytest.fixture(scope="module")
def sector():
    df = sk.load("rd_by_sector")
    return df[(df["basis"] == "funded") & (df["year"] == 2021)]


@pytest.fixture(scope="module")
def ranks():
    df = sk.load("innovation_rankings")
    keep = ["KOR", "DEU", "SGP", "CHE", "SWE", "USA", "JPN", "GBR"]
    return df[(df["ranking"] == "bloomberg_innovation_index") & (df["measure"] == "rank")
              & df["country"].isin(keep)]


@pytest.fixture(scope="module")
def gerd():
    """Real amounts in one currency for the dumbbell: GERD 2000 vs 2021 (constant 2015 PPP USD)."""
    df = sk.load("rd_expenditure")
    df = df[df["measure"] == "gerd_constant_2015_ppp"]
    wide = df.pivot_table(index="country", columns="year", values="amount").dropna(subset=[2000, 2021])
    ids = df.groupby("country", observed=True)["source_id"].first().astype(str)
    return pd.DataFrame({"claim": wide.index, "stated": wide[2000].to_numpy(),
                         "evidence": wide[2021].to_numpy(), "currency": "USD",
                         "source_id": ids.loc[wide.index].to_numpy()})


@pytest.fixture(scope="module")
def built(rd, sector, ranks, gerd):
    """Each chart kind drawn once on real data (module scope keeps the run short)."""
    figs = {
        "trend": charts.trend(rd, title="Korea out-spends its peers on R&D",
                              subtitle="GERD, % of GDP", mark_date="2019-07-05"),
        "ranked_bars": charts.ranked_bars(rd, year=2019, title="Korea spent more than most on R&D in 2019",
                                          subtitle="GERD, % of GDP, 2019"),
        "dumbbell": charts.dumbbell(gerd, title="R&D spending grew everywhere",
                                    subtitle="GERD, constant 2015 PPP USD", stated_label="2000",
                                    evidence_label="2021"),
        "timeline": charts.timeline(sk.load("milestones").head(12), title="Korea moved first",
                                    subtitle="Milestones, by date", highlight=["KOR", "GBR"],
                                    mark_date="2019-07-05"),
        "stacked_bars": charts.stacked_bars(sector, part="sector", normalize=True,
                                            title="Business funds most of Korea's R&D",
                                            subtitle="GERD by source of funds, % of total, 2021"),
        "heatmap": charts.heatmap(ranks, row="year", lower_is_better=True,
                                  title="Korea led Bloomberg's index", subtitle="Rank (1 = best)"),
        "small_multiples": charts.small_multiples(
            concentration(), panel="basis", value_fmt="{:.1f}%",
            title="Concentrated on every basis", subtitle="Percent; each panel its own measure"),
    }
    for fig in figs.values():
        fig.canvas.draw()
    return figs


def concentration():
    """Headline rows of the four concentration bases (not comparable: one panel each)."""
    df = sk.load("business_concentration")
    keep = {"chaebul_top10_groups": "top10_business_groups_revenue_share_of_gdp",
            "ceoscore_top10_companies": "top10_companies_sales_share_of_gdp",
            "ftc_designated_groups": "disclosure_groups_sales_share_of_gdp",
            "exporters": "top10_exporters_share_of_exports"}
    pairs = list(zip(df["basis"].astype(str), df["indicator"].astype(str)))
    return df[[keep.get(b) == i for b, i in pairs]]


@pytest.fixture(scope="module")
def trade():
    """UK-Korea total trade in GBP: three figures from two statements of different dates."""
    df = sk.load("uk_korea_ties")
    df = df[df["indicator"] == "uk_korea_total_trade"]
    return df.assign(statement=df["source_id"].map({"uk_wms_20231121": "DBT statement 2023",
                                                    "sky_20190610": "Sky News 2019"}),
                     bn=df["value"] / 1e9)


def _texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


# --------------------------------------------------------------------------- rendering and style


@pytest.mark.parametrize("kind", ["trend", "ranked_bars", "dumbbell", "timeline", "stacked_bars", "heatmap",
                                  "small_multiples"])
def test_each_kind_renders_with_title_subtitle_and_source(built, kind):
    fig = built[kind]
    assert isinstance(fig, Figure) and isinstance(fig.canvas, FigureCanvasAgg)
    assert fig.chart_kind == kind
    assert fig.get_figwidth() == charts.WIDTH
    assert fig.chart_title.get_text() and fig.chart_title.get_fontweight() == "bold"
    assert fig.chart_subtitle.get_text()
    assert fig.chart_source.get_text().startswith("Source: ")
    for ax in fig.axes:  # every data artist sits below the title block and above the source line
        box = ax.get_tightbbox(fig.canvas.get_renderer())
        assert box.y1 <= fig.chart_subtitle.get_window_extent().y0 + 1
        assert box.y0 >= fig.chart_source.get_window_extent().y1 - 1


def test_titles_and_units_are_the_ones_given(built):
    assert built["trend"].chart_title.get_text() == "Korea out-spends its peers on R&D"
    assert "% of GDP" in built["trend"].chart_subtitle.get_text()
    assert "PPP USD" in built["dumbbell"].chart_subtitle.get_text()


def test_source_line_names_the_publishers_of_the_data(built, rd, sector):
    assert built["trend"].chart_source.get_text() == "Source: World Bank (2026)"
    expected = set(sk.sources().set_index("source_id").loc[sector["source_id"].astype(str).unique(),
                                                              "publisher"])
    line = built["stacked_bars"].chart_source.get_text()
    for publisher in expected:
        assert charts.short_publisher(publisher) in line
    assert "(" not in charts.short_publisher("World Bank (data from UNESCO Institute for Statistics)")


def test_source_line_is_capped(built):
    line = built["heatmap"].chart_source.get_text()
    assert len(line) <= 130 and line.endswith("more")


def test_trend_highlights_korea_and_labels_line_ends_without_legend(built):
    fig = built["trend"]
    ax = fig.axes[0]
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    assert same_color(lines["KOR"].get_color(), HIGHLIGHT)
    assert lines["KOR"].get_linewidth() > lines["GBR"].get_linewidth()
    for peer in ("GBR", "USA", "OED"):
        assert same_color(lines[peer].get_color(), charts.MUTED if peer != "OED" else charts.MUTED_DARK)
    assert ax.get_legend() is None
    texts = {t.get_text(): t for t in ax.texts}
    assert {"South Korea", "UK", "US", "OECD", "5 Jul 2019"} <= set(texts)
    assert same_color(texts["South Korea"].get_color(), HIGHLIGHT)


def test_trend_end_labels_do_not_overlap(built):
    fig = built["trend"]
    renderer = fig.canvas.get_renderer()
    boxes = sorted((t.get_window_extent(renderer) for t in fig.axes[0].texts if t.get_text() != "5 Jul 2019"),
                   key=lambda b: b.y0)
    for lower, upper in zip(boxes, boxes[1:]):
        assert upper.y0 >= lower.y1 - 1.0


def test_bars_highlight_korea_and_mute_peers(built):
    ax = built["ranked_bars"].axes[0]
    bars = {p.get_label(): p for p in ax.patches}
    assert same_color(bars["KOR"].get_facecolor(), HIGHLIGHT)
    assert same_color(bars["GBR"].get_facecolor(), charts.MUTED)
    assert same_color(bars["OED"].get_facecolor(), charts.MUTED_DARK)
    ticks = {t.get_text(): t for t in ax.get_yticklabels()}
    assert same_color(ticks["South Korea"].get_color(), HIGHLIGHT)
    values = [p.get_width() for p in ax.patches]  # largest on top (y axis inverted)
    assert values == sorted(values, reverse=True)


def test_dumbbell_is_log_scale_with_one_currency(built):
    ax = built["dumbbell"].axes[0]
    assert ax.get_xscale() == "log"
    assert any(t.startswith("$") and t.endswith("bn") for t in _texts(built["dumbbell"]))
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    assert not same_color(lines["stated"].get_color(), lines["evidence"].get_color())


def test_timeline_colours_highlighted_countries(built):
    ax = built["timeline"].axes[0]
    dots = {ln.get_label(): ln for ln in ax.get_lines() if ln.get_marker() == "o"}
    assert same_color(dots["KOR"].get_color(), HIGHLIGHT)
    assert same_color(dots["GBR"].get_color(), charts.ACCENTS[0])
    assert any("3 Apr 2019: Commercial 5G" in t for t in _texts(built["timeline"]))


def test_stacked_bars_label_parts_and_highlight_korea(built):
    fig = built["stacked_bars"]
    ax = fig.axes[0]
    ticks = {t.get_text(): t for t in ax.get_yticklabels()}
    assert same_color(ticks["South Korea"].get_color(), HIGHLIGHT)
    legend = {t.get_text() for t in ax.get_legend().get_texts()} if ax.get_legend() else set()
    shown = set(_texts(fig)) | legend
    assert {"Business", "Government"} <= shown
    kor = [p for p in ax.patches if p.get_label().startswith("KOR/")]
    assert sum(p.get_width() for p in kor) == pytest.approx(100)
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert "40%" in ticks and not any(t.endswith(".0%") for t in ticks)  # no trailing ".0" on ticks


def test_stacked_bar_ticks_drop_trailing_zeros_of_value_fmt():
    df = pd.DataFrame({"country": "KOR", "part": ["large", "sme"], "value": [66.6, 33.4],
                       "source_id": "yna_20191227_exports"})
    fig = charts.stacked_bars(df, value_fmt="{:.1f}%", title="T", subtitle="S")
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert "20%" in ticks and "66.6%" in _texts(fig)


def test_heatmap_outlines_korea(built):
    ax = built["heatmap"].axes[0]
    outline = [p for p in ax.patches if p.get_label() == "KOR"]
    assert outline and same_color(outline[0].get_edgecolor(), HIGHLIGHT)
    ticks = {t.get_text(): t for t in ax.get_xticklabels()}
    assert same_color(ticks["South Korea"].get_color(), HIGHLIGHT)
    assert [t.get_text() for t in ax.get_yticklabels()][:2] == ["2014", "2015"]


def test_pilot_city_money_composition():
    p = sk.load("pilot_cities")
    wanted = ["public_investment_2019_2021", "private_investment_target_2019_2021"]
    p = p[p["attribute"].astype(str).isin(wanted)
          & p["city"].isin(["Sejong", "Busan"])]
    p = p.assign(part=p["attribute"].astype(str).str.split("_").str[0])
    fig = charts.stacked_bars(p, category="city", title="Business is to put up a third",
                              subtitle="Planned investment 2019-2021, KRW")
    assert any(t.startswith("₩") for t in _texts(fig))
    assert {"Public", "Private"} <= set(_texts(fig))


# --------------------------------------------------------------------------- no global state, saving


def test_caller_rcparams_are_untouched_and_do_not_leak_in(rd, tmp_path):
    before = dict(mpl.rcParams)
    plain = charts.to_bytes(charts.ranked_bars(rd, year=2019, title="T", subtitle="S (%)"), "png")
    assert dict(mpl.rcParams) == before
    with mpl.rc_context({"font.size": 20, "lines.linewidth": 6, "axes.facecolor": "black",
                         "font.family": "serif", "svg.hashsalt": None}):
        styled = charts.ranked_bars(rd, year=2019, title="T", subtitle="S (%)")
        assert charts.to_bytes(styled, "png") == plain


def test_style_context_applies_the_house_style_and_restores_everything():
    with mpl.rc_context({"font.size": 20, "lines.linewidth": 6}):
        before = dict(mpl.rcParams)
        with charts.style():
            from smartkorea.charts._style import BODY_SIZE

            assert mpl.rcParams["font.family"] == ["DejaVu Sans"] and mpl.rcParams["font.size"] == BODY_SIZE
            with charts.style():  # as every draw inside a chart build does
                mpl.rcParams["axes.facecolor"] = "black"
            assert mpl.rcParams["axes.facecolor"] == mpl.rcParamsDefault["axes.facecolor"]  # undone
            assert mpl.rcParams["font.family"] == ["DejaVu Sans"]  # the outer style holds
            mpl.rcParams["grid.color"] = "red"
        assert dict(mpl.rcParams) == before  # the caller's settings, and only those


def test_save_twice_and_from_two_builds_gives_identical_bytes(rd, tmp_path):
    def build():
        return charts.trend(rd, title="Same chart", subtitle="GERD, % of GDP", mark_date="2019-07-05")

    fig = build()
    first = charts.save(fig, tmp_path / "a" / "chart")
    assert [p.name for p in first] == ["chart.png", "chart.svg"]
    once = [p.read_bytes() for p in first]
    again = [p.read_bytes() for p in charts.save(fig, tmp_path / "a" / "chart.png")]
    other = [p.read_bytes() for p in charts.save(build(), tmp_path / "b" / "chart")]
    assert once == again == other
    png, svg = once
    assert png.startswith(b"\x89PNG") and b"Software" not in png and b"matplotlib" not in png.lower()
    assert b"<dc:date>" not in svg and mpl.__version__.encode() not in svg
    from PIL import Image

    with Image.open(tmp_path / "a" / "chart.png") as im:
        assert im.size[0] == charts.WIDTH * charts.DPI


def test_output_is_identical_in_a_fresh_process(rd):
    script = textwrap.dedent("""
        import hashlib, sys
        import smartkorea as sk
        from smartkorea import charts
        df = sk.load("rd_intensity")
        df = df[(df["vintage"] == "WDI 2026-07") & df["country"].isin(%r)]
        fig = charts.ranked_bars(df, year=2019, title="T", subtitle="S (%%)")
        sys.stdout.write(hashlib.sha256(charts.to_bytes(fig, "svg")).hexdigest())
        assert "matplotlib.pyplot" not in sys.modules
    """ % PEERS)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": "123"})
    here = charts.to_bytes(charts.ranked_bars(rd, year=2019, title="T", subtitle="S (%)"), "svg")
    assert out.stdout == hashlib.sha256(here).hexdigest()


def test_import_smartkorea_does_not_import_matplotlib():
    code = "import sys, smartkorea; assert 'matplotlib' not in sys.modules, 'matplotlib imported'"
    subprocess.run([sys.executable, "-c", code], check=True)
    assert sk.charts is charts  # loaded lazily on first use


# --------------------------------------------------------------------------- bad input


def test_empty_frame(rd):
    with pytest.raises(ChartDataError, match="empty"):
        charts.trend(rd.iloc[0:0], title="T", subtitle="S")


def test_missing_column_names_it_and_the_columns_present(rd):
    with pytest.raises(ChartDataError) as err:
        charts.trend(rd.drop(columns="value"), title="T", subtitle="S")
    msg = str(err.value)
    assert "'value'" in msg and "country, year" in msg


def test_unknown_country_lists_those_present(rd):
    with pytest.raises(ChartDataError, match=r"'FRA' not in the data; present: CHN, DEU, GBR"):
        charts.trend(rd, title="T", subtitle="S", highlight="FRA")
    with pytest.raises(ChartDataError, match="'XXX'"):
        charts.ranked_bars(rd, year=2019, title="T", subtitle="S", highlight="XXX")


def test_errors_are_smartkorea_value_errors(rd):
    with pytest.raises(sk.SmartKoreaError):
        charts.trend(rd, title="T", subtitle="S", highlight="FRA")
    assert issubclass(ChartDataError, ValueError)


def test_several_vintages_are_refused_with_a_hint():
    df = sk.load("rd_intensity")
    with pytest.raises(ChartDataError, match="vintage"):
        charts.trend(df[df["country"].isin(PEERS)], title="T", subtitle="S")


def test_several_years_need_year_for_bars(rd):
    with pytest.raises(ChartDataError, match="pass year="):
        charts.ranked_bars(rd, title="T", subtitle="S")
    with pytest.raises(ChartDataError, match="no rows for year=1900"):
        charts.ranked_bars(rd, year=1900, title="T", subtitle="S")


@pytest.mark.parametrize("title, subtitle", [("", "S"), ("T", None), ("   ", "S")])
def test_title_and_subtitle_are_required(rd, title, subtitle):
    with pytest.raises(ChartDataError, match="required"):
        charts.trend(rd, title=title, subtitle=subtitle)


def test_dumbbell_refuses_mixed_currencies_and_non_positive_log_values(gerd):
    mixed = gerd.assign(currency=["USD", "KRW"] * (len(gerd) // 2) + ["USD"] * (len(gerd) % 2))
    with pytest.raises(ChartDataError, match="several currencies"):
        charts.dumbbell(mixed, title="T", subtitle="S")
    with pytest.raises(ChartDataError, match="log scale"):
        charts.dumbbell(gerd.assign(stated=0.0), title="T", subtitle="S")


def test_timeline_refuses_bad_dates():
    m = sk.load("milestones").head(3)
    with pytest.raises(ChartDataError, match="YYYY-MM-DD; found '2019/04/03'"):
        charts.timeline(m.assign(date="2019/04/03"), title="T", subtitle="S")


def test_non_numeric_values(rd):
    with pytest.raises(ChartDataError, match="must hold numbers"):
        charts.ranked_bars(rd.assign(value="high"), year=2019, title="T", subtitle="S")


def test_not_a_frame():
    with pytest.raises(ChartDataError, match="DataFrame"):
        charts.trend([1, 2, 3], title="T", subtitle="S")


# --------------------------------------------------------------------------- source lines


def test_sources_override_and_unknown_ids(rd):
    fig = charts.trend(rd.drop(columns=["source_id", "other_source_ids"]), sources=["WB_WDI_2025_07"],
                       title="T", subtitle="S")
    assert fig.chart_source.get_text() == "Source: World Bank (2025)"
    with pytest.raises(ChartDataError, match="'NOPE' not in the sources table"):
        charts.source_line(sources=["NOPE"])
    with pytest.raises(ChartDataError, match="no sources"):
        charts.trend(rd.drop(columns=["source_id", "other_source_ids"]), title="T", subtitle="S")


def test_source_line_groups_years_and_caps_length():
    df = sk.load("rd_intensity")
    line = charts.source_line(df)
    assert line.startswith("Source: World Bank (2013, 2025, 2026)")
    all_ids = sk.sources()["source_id"].tolist()
    capped = charts.source_line(sources=all_ids, max_chars=100)
    assert len(capped) <= 100 and capped.endswith("more")


@pytest.mark.parametrize("publisher, short", [
    ("World Bank (data from UNESCO Institute for Statistics)", "World Bank"),
    ("Bank of Korea, as reported by Yonhap", "Bank of Korea"),
    ("US National Science Foundation, NCSES", "US National Science Foundation, NCSES"),
    ("Science & Technology Policy Research and Information Center (STPI, Taiwan)", "STPI"),
])
def test_short_publisher(publisher, short):
    assert charts.short_publisher(publisher) == short


# --------------------------------------------------------------------------- trend options


def test_trend_points_only_by_series_with_every_value_labelled(trade):
    fig = charts.trend(trade, series="statement", y="bn", connect=False, point_labels=True,
                       value_fmt="£{:.1f}bn", highlight=["DBT statement 2023", "Sky News 2019"],
                       title="Trade grew", subtitle="UK-Korea total trade, £bn")
    ax = fig.axes[0]
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    assert set(lines) == {"DBT statement 2023", "Sky News 2019"}
    assert all(ln.get_linestyle() == "None" and ln.get_marker() == "o" for ln in lines.values())
    assert same_color(lines["DBT statement 2023"].get_color(), HIGHLIGHT)
    assert same_color(lines["Sky News 2019"].get_color(), charts.ACCENTS[0])
    texts = _texts(fig)
    assert {"£7.4bn", "£14.6bn", "£18.3bn"} <= set(texts)
    # end labels, no repeated value; the series that stops early says when
    assert "DBT statement 2023" in texts and "Sky News 2019 (to 2018)" in texts
    assert fig.chart_source.get_text().startswith("Source: UK Parliament")


def test_trend_connects_by_default_and_takes_fractional_years():
    df = sk.load("broadband")
    df = df[(df["indicator"] == "fibre_share_of_fixed_broadband_oecd") & df["country"].isin(["KOR", "OED"])]
    months = df["period"].str.slice(5, 7).astype(int)
    df = df.assign(when=df["year"] + (months - 0.5) / 12)
    fig = charts.trend(df, x="when", title="Fibre", subtitle="% of fixed broadband")
    kor = [ln for ln in fig.axes[0].get_lines() if ln.get_label() == "KOR"][0]
    assert kor.get_linestyle() == "-"
    assert sorted(kor.get_xdata()) == sorted(df.loc[df["country"] == "KOR", "when"])


def test_trend_invert_puts_rank_one_on_top():
    df = sk.load("egov_ict_indices")
    df = df[(df["indicator"] == "egdi_rank") & df["country"].isin(["KOR", "GBR", "JPN"])]
    fig = charts.trend(df, invert=True, highlight=["KOR", "GBR"], title="Korea ranks near the top",
                       subtitle="UN E-Government Development Index, rank (1 = best)")
    ax = fig.axes[0]
    assert ax.yaxis_inverted()
    assert 1 in list(ax.get_yticks())
    lo, hi = sorted(ax.get_ylim())
    assert lo > 0 and hi >= df["value"].max()  # no zero baseline for ranks


def test_trend_series_errors_name_the_column(trade):
    with pytest.raises(ChartDataError, match="highlight statement 'Nope' not in the data"):
        charts.trend(trade, series="statement", highlight="Nope", title="T", subtitle="S")
    with pytest.raises(ChartDataError, match="missing column 'label'"):
        charts.trend(trade, series="label", title="T", subtitle="S")


# --------------------------------------------------------------------------- small multiples


def test_small_multiples_keeps_each_basis_on_its_own_axes(built):
    fig = built["small_multiples"]
    axes = fig.axes
    assert len(axes) == 4
    assert [ax.get_title(loc="left") for ax in axes] == [
        "Chaebul top10 groups", "Ceoscore top10 companies", "Ftc designated groups", "Exporters"]
    limits = {ax.get_ylim() for ax in axes}
    assert len(limits) > 1  # own scales, no shared axis
    for ax in axes:
        assert ax.get_legend() is None
        assert ax.get_ylim()[0] == 0
        for ln in ax.get_lines():
            if ln.get_label().endswith("/KOR"):
                assert same_color(ln.get_color(), HIGHLIGHT)
    ceo = axes[1]
    texts = [t.get_text() for t in ceo.texts]
    assert {"44.2%", "24.6%", "11.8%"} <= set(texts)
    assert {"South Korea", "Japan", "US"} <= set(texts)  # series named where a panel has several
    assert "South Korea" not in [t.get_text() for t in axes[0].texts]  # one series: no name
    assert "76.5%" in [t.get_text() for t in axes[0].texts]
    assert all(not t.get_text().endswith(".0%") for t in axes[0].get_yticklabels())


def test_small_multiples_titles_layout_and_points_only():
    df = concentration()
    titles = {"exporters": "Top-10 exporters' share of exports"}
    fig = charts.small_multiples(df, panel="basis", panel_titles=titles, ncols=4, connect=False,
                                 title="T", subtitle="S")
    assert len(fig.axes) == 4
    assert fig.axes[0].get_position().y0 == pytest.approx(fig.axes[3].get_position().y0)  # one row
    assert fig.axes[3].get_title(loc="left").split() == "Top-10 exporters' share of exports".split()
    assert all(ln.get_linestyle() == "None" for ax in fig.axes for ln in ax.get_lines())


def test_small_multiples_bad_input():
    df = concentration()
    with pytest.raises(ChartDataError, match="missing column 'panel'"):
        charts.small_multiples(df, panel="panel", title="T", subtitle="S")
    with pytest.raises(ChartDataError, match="panel_titles names 'nope'"):
        charts.small_multiples(df, panel="basis", panel_titles={"nope": "x"}, title="T", subtitle="S")
    with pytest.raises(ChartDataError, match="ncols must be a positive integer"):
        charts.small_multiples(df, panel="basis", ncols=0, title="T", subtitle="S")
    doubled = pd.concat([df, df.head(1)])
    with pytest.raises(ChartDataError, match="rows share the same basis and country and year"):
        charts.small_multiples(doubled, panel="basis", title="T", subtitle="S")
    with pytest.raises(ChartDataError, match="'FRA' not in the data"):
        charts.small_multiples(df, panel="basis", highlight="FRA", title="T", subtitle="S")


def test_trend_without_zero_or_mark_year_lays_out_cleanly(rd):
    """Regression: line-end labels were placed before autoscaling, so tight_layout gave up."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = charts.trend(rd, title="Korea is near the top", subtitle="GERD, % of GDP", zero=False)
        fig.canvas.draw()
    ax = fig.axes[0]
    lo, hi = ax.get_ylim()
    assert lo > 0  # not forced to zero
    for t in fig.axes[0].texts:
        x, y = t.get_position()
        assert -0.05 <= y <= 1.05, t.get_text()


# --------------------------------------------------------------------------- labels and options objects


def test_labels_and_options_draw_the_same_chart_as_keywords(rd):
    by_keywords = charts.trend(rd, title="Korea out-spends its peers", subtitle="GERD, % of GDP",
                               mark_date="2019-07-05", value_fmt="{:.1f}%", note="A note.")
    labels = charts.Labels("Korea out-spends its peers", "GERD, % of GDP", note="A note.")
    by_objects = charts.trend(rd, labels, charts.TrendOptions(mark_date="2019-07-05", value_fmt="{:.1f}%"))
    assert charts.to_bytes(by_objects, "svg") == charts.to_bytes(by_keywords, "svg")


def test_one_options_object_serves_several_charts_and_keywords_override_it(rd):
    shared = charts.RankedBarsOptions(year=2019, value_fmt="{:.2f}%")
    labels = charts.Labels("Korea spent more than most on R&D in 2019", "GERD, % of GDP")
    plain = charts.ranked_bars(rd, labels, shared)
    japan = charts.ranked_bars(rd, labels, shared, highlight="JPN", title="Japan, for contrast")
    assert shared.highlight == "KOR"  # frozen: the override made a new object
    assert plain.texts[0].get_text().startswith("Korea") and japan.texts[0].get_text() == "Japan, for contrast"
    assert same_color(_bar_color(plain, "KOR"), HIGHLIGHT) and not same_color(_bar_color(japan, "KOR"), HIGHLIGHT)
    assert same_color(_bar_color(japan, "JPN"), HIGHLIGHT)
    with pytest.raises(AttributeError):
        shared.year = 2020  # type: ignore[misc]


def _bar_color(fig, code):
    (ax,) = fig.axes
    (bar,) = [p for p in ax.patches if p.get_label() == code]
    return bar.get_facecolor()


@pytest.mark.parametrize("call, message", [
    (lambda df: charts.trend(df, title="T", subtitle="S", colour="red"), "unexpected keyword argument 'colour'"),
    (lambda df: charts.trend(df, subtitle="S"), "missing required keyword argument: 'title'"),
    (lambda df: charts.heatmap(df), "missing required keyword arguments: 'title' and 'subtitle'"),
    (lambda df: charts.small_multiples(df, title="T", subtitle="S"), "missing required keyword argument: 'panel'"),
    (lambda df: charts.trend(df, "T"), "labels must be a charts.Labels, not str"),
    (lambda df: charts.trend(df, charts.Labels("T", "S"), charts.HeatmapOptions()),
     "options must be a charts.TrendOptions, not HeatmapOptions"),
])
def test_wrong_calls_are_type_errors_naming_the_chart(rd, call, message):
    with pytest.raises(TypeError, match=re.escape(message)):
        call(rd)


# --------------------------------------------------------------------------- the dated marker


def _decimal(day: date) -> float:
    """A date as a fractional year, written out here (not the package's converter)."""
    start, end = date(day.year, 1, 1), date(day.year + 1, 1, 1)
    return day.year + (day - start).days / (end - start).days


def _mark(ax):
    (line,) = [ln for ln in ax.get_lines() if ln.get_gid() == "mark"]
    (label,) = [t for t in ax.texts if t.get_gid() == "mark"]
    return line, label


def test_the_article_is_marked_by_a_line_at_its_date_not_a_year_band(built):
    article = _decimal(date(2019, 7, 5))  # KTN_BLOG_2019 in data/sources.csv: published 2019-07-05
    for kind in ("trend", "timeline"):
        ax = built[kind].axes[0]
        line, label = _mark(ax)
        xs = line.get_xdata()
        assert xs[0] == xs[1] == pytest.approx(article, abs=1e-6)
        assert line.get_linewidth() <= 1.0
        assert label.get_text() == "5 Jul 2019"
        assert not any(p.get_width() > 0.5 for p in ax.patches if hasattr(p, "get_width")
                       and not isinstance(p, Rectangle)) and not ax.collections  # no band


def test_mark_year_is_a_deprecated_alias_for_the_articles_day_in_that_year(rd):
    with pytest.warns(PendingDeprecationWarning, match="mark_date"):
        old = charts.trend(rd, title="T", subtitle="S", mark_year=2019, mark_label="the article")
    new = charts.trend(rd, title="T", subtitle="S", mark_date="2019-07-05", mark_label="the article")
    (a, ta), (b, tb) = _mark(old.axes[0]), _mark(new.axes[0])
    assert list(a.get_xdata()) == list(b.get_xdata()) and ta.get_text() == tb.get_text() == "the article"
    with pytest.warns(PendingDeprecationWarning):
        later = charts.trend(rd, title="T", subtitle="S", mark_year=2021)
    assert _mark(later.axes[0])[0].get_xdata()[0] == pytest.approx(_decimal(date(2021, 7, 5)))


@pytest.mark.parametrize("bad", ["2019", "July 2019", "2019-13-01"])
def test_mark_date_must_be_a_date(rd, bad):
    with pytest.raises(ChartDataError, match="mark_date must be YYYY-MM-DD"):
        charts.trend(rd, title="T", subtitle="S", mark_date=bad)


# --------------------------------------------------------------------------- series breaks


def test_a_series_break_leaves_a_gap_and_is_noted(rd):
    fig = charts.trend(rd, title="T", subtitle="GERD, % of GDP", breaks={"GBR": 2014}, note="Own note.")
    lines = {ln.get_label(): ln for ln in fig.axes[0].get_lines()}
    x, y = (np.asarray(v, dtype=float) for v in lines["GBR"].get_data())
    gap = np.flatnonzero(np.isnan(y))
    assert len(gap) == 1 and x[gap[0] - 1] == 2013 and x[gap[0] + 1] == 2014
    assert not np.isnan(np.asarray(lines["KOR"].get_ydata(), dtype=float)).any()
    note = fig.chart_note.get_text().replace("\n", " ")
    assert note.startswith("Own note.") and "UK: break in series between 2013 and 2014" in note
    # a segment between the two years would cross the gap; none does
    segs = [(x[i], x[i + 1]) for i in range(len(x) - 1) if not np.isnan(y[i]) and not np.isnan(y[i + 1])]
    assert (2013, 2014) not in segs


def test_a_break_column_marks_the_first_row_of_the_new_basis(rd):
    flagged = rd.assign(**{"break": (rd["country"] == "GBR") & (rd["year"] == 2014)})
    fig = charts.trend(flagged, title="T", subtitle="S")
    y = np.asarray({ln.get_label(): ln for ln in fig.axes[0].get_lines()}["GBR"].get_ydata(), dtype=float)
    assert np.isnan(y).sum() == 1
    assert "UK: break in series between 2013 and 2014" in fig.chart_note.get_text().replace("\n", " ")


@pytest.mark.parametrize("breaks, message", [({"FRA": 2014}, "breaks names 'FRA'"),
                                             ({"GBR": 1900}, "must fall inside its series")])
def test_bad_breaks_are_refused(rd, breaks, message):
    with pytest.raises(ChartDataError, match=message):
        charts.trend(rd, title="T", subtitle="S", breaks=breaks)


# --------------------------------------------------------------------------- one colour per verdict


def _colours_used(fig):
    used = set()
    for ax in fig.axes:
        for artist in ax.get_lines():
            used |= {to_hex(artist.get_color()), to_hex(artist.get_markerfacecolor()),
                     to_hex(artist.get_markeredgecolor())}
        for patch in ax.patches:
            used.add(to_hex(patch.get_facecolor()))
        for t in ax.texts:
            if t.get_text().split(" · ")[0] not in verdicts.COLOURS:  # a verdict, in its own colour
                used.add(to_hex(t.get_color()))
    return used


def test_verdict_green_means_accurate_only(built, notebook_charts):
    accurate = verdicts.COLOURS[verdicts.ACCURATE].lower()
    assert accurate not in {c.lower() for c in charts.ACCENTS}
    for name, fig in {**built, **notebook_charts}.items():
        if name == "stacked_bars/verdicts":  # parts coloured by verdict on purpose
            continue
        assert accurate not in _colours_used(fig), name


def test_dumbbell_ends_are_neutral_and_verdicts_take_their_colour(notebook_charts):
    fig = notebook_charts["dumbbell/claims"]
    ax = fig.axes[0]
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    palette = {c.lower() for c in verdicts.COLOURS.values()}
    for end in ("stated", "evidence"):
        assert to_hex(lines[end].get_color()) not in palette
    verdict_texts = [t for t in ax.texts if t.get_text().split(" · ")[0] in verdicts.COLOURS]
    assert verdict_texts
    for t in verdict_texts:
        assert same_color(t.get_color(), verdicts.COLOURS[t.get_text().split(" · ")[0]])


# --------------------------------------------------------------------------- the notebooks' charts


NOTEBOOK_PEERS = ["KOR", "ISR", "USA", "JPN", "DEU", "GBR", "FRA", "CHN"]
ARTICLE = "2019-07-05"


@pytest.fixture(scope="module")
def notebook_charts(trade):
    """One chart per kind (and the cases readers complained about), drawn as the notebooks draw
    them, from the same tables: 01's R&D and researcher lines (the UK's break, its early end),
    04's trade points and e-government ranks, 07's 5G subscriptions and venture scopes, 00's
    bars and pilot-city money, 02's programme steps, 06's claims, 03's four bases, 07's
    rankings grid."""
    figs = {}
    rd = sk.load("rd_intensity")
    wdi = rd[(rd["vintage"] == "WDI 2026-07") & rd["country"].isin(NOTEBOOK_PEERS + ["OED"])]
    figs["trend/rd"] = charts.trend(
        wdi, breaks={"GBR": 2014}, mark_date=ARTICLE, mark_label="the article", value_fmt="{:.1f}%",
        title="Korea has been the second-most R&D-intensive economy here since 2015, behind Israel",
        subtitle="Gross domestic expenditure on R&D, % of GDP (WDI 2026-07 vintage; OECD = World Bank aggregate)")
    res = sk.load("researchers")
    rpm = res[(res["measure"] == "researchers_per_million_people") & res["country"].isin(NOTEBOOK_PEERS + ["OED"])]
    figs["trend/researchers"] = charts.trend(
        rpm, mark_date=ARTICLE, mark_label="the article", value_fmt="{:,.0f}",
        title="Korea has had the most researchers per head here for years",
        subtitle="Researchers in R&D per million people (OECD = World Bank aggregate)")
    figs["trend/points"] = charts.trend(
        trade, series="statement", y="bn", connect=False, point_labels=True, value_fmt="£{:.1f}bn",
        highlight=list(dict.fromkeys(trade.sort_values("year")["statement"])),
        title="UK–Korea trade grew in a decade", subtitle="Total UK–Korea trade, £ billion, by statement")
    m5 = sk.load("mobile_5g")
    subs = m5[m5["indicator"].isin(["mobile_5g_subscriptions", "mobile_5g_subscriptions_monthly"])]
    subs = subs.assign(period=subs["period"].astype(str))
    subs = subs[subs["period"].str.len() >= 7].drop_duplicates("period")
    pts = subs.assign(year=subs["period"].str[:4].astype(int) + subs["period"].str[5:7].astype(int) / 12,
                      value=subs["value"] / 1e6)
    figs["trend/5g"] = charts.trend(
        pts, mark_date=ARTICLE, mark_label="launch and article", value_fmt="{:.1f}m",
        title="Korea reached tens of millions of 5G subscriptions from launch in 2019",
        subtitle="5G mobile subscriptions in Korea, millions (end of month; MSIT data as reported)")
    vi = sk.load("venture_investment").query("metric == 'venture_investment'")
    if len(vi):
        scopes = list(dict.fromkeys(vi["scope"].astype(str)))
        v = vi.assign(country=vi["scope"].astype(str), value=vi["amount"] / 1e12)
        v = v.drop_duplicates(["country", "year"])
        figs["trend/venture"] = charts.trend(
            v, highlight=scopes[:2], mark_date=ARTICLE, mark_label="the article", value_fmt="₩{:.1f}tn",
            title="Korean venture investment peaked and has fallen back since",
            subtitle="New venture investment per year, KRW trillion (two scopes, not comparable)")
    bc = sk.load("business_concentration")
    top10 = bc[(bc["indicator"] == "top10_companies_sales_share_of_gdp") & (bc["year"] == 2017)]
    figs["ranked_bars/top10"] = charts.ranked_bars(
        top10, value_fmt=lambda v: f"{v:.1f}%",
        title="Korea's ten largest firms sell the equivalent of far more of GDP than Japan's or America's",
        subtitle="Sales of the ten largest companies as % of GDP, 2017")
    latest = wdi[wdi["year"] == wdi[wdi["country"] == "KOR"]["year"].max()]
    figs["ranked_bars/rd"] = charts.ranked_bars(
        latest, value_fmt=lambda v: f"{v:.2f}%", title="Korea spends more of its GDP on R&D than most",
        subtitle="Gross domestic expenditure on R&D, % of GDP")
    pilot = sk.load("pilot_cities")
    plan = pilot[pilot["as_of"] == "2018-12-26"]
    parts = {"public_investment_2019_2021": "public", "private_investment_target_2019_2021": "private"}
    split = plan[plan["city"].isin(["Sejong", "Busan"]) & plan["attribute"].isin(list(parts))]
    split = split.assign(part=split["attribute"].map(parts).astype(str), city=split["city"].astype(str))
    figs["stacked_bars/pilot"] = charts.stacked_bars(
        split, category="city", part="part", value="value", parts=["public", "private"],
        part_labels={"public": "Public sector (incl. LH, K-water, local gov.)", "private": "Private (target)"},
        title="Public bodies carry most of the pilot cities' planned money",
        subtitle="Planned investment in the national pilot smart cities, 2019–2021, KRW")
    v = verdicts.verdicts()
    reason = v["reason"].astype("object").map(lambda r: f"Reason {r}" if pd.notna(r) else "Introduction")
    counts = v.assign(reason=reason)
    counts = counts.groupby(["reason", "verdict"], as_index=False).agg(value=("claim_id", "size")).assign(
        source_id="KTN_BLOG_2019")
    present = [level for level in verdicts.LEVELS if level in set(counts["verdict"])]
    figs["stacked_bars/verdicts"] = charts.stacked_bars(
        counts, category="reason", part="verdict", parts=present, part_colors=verdicts.COLOURS, sort=False,
        value_fmt="{:.0f}", part_labels={level: level.capitalize() for level in present},
        title="Where the article's claims are accurate, off by a margin, or wrong",
        subtitle="The article's claims by section and verdict, number of claims")
    ms = sk.load("milestones")
    steps = ms[ms["topic"].isin(["smart_city_pilot", "regulatory_sandbox"]) & ms["date"].between("2018", "2019-12-31")]
    figs["timeline/steps"] = charts.timeline(
        steps, mark_date=ARTICLE, mark_label="the article",
        title="Within two years of the strategy, both pilot cities had plans, money and a sandbox",
        subtitle="Steps of the national pilot smart-city programme, 2018–2019")
    table = audit.claims_table()
    table["label"] = table["claim_id"].astype(str)
    figs["dumbbell/claims"] = charts.dumbbell(
        audit.dumbbell_frame(table, "GBP", label="label"),
        title="The article's small figures are close; two of its big ones are off by a factor of over a hundred",
        subtitle="The article's figure and the sources' figure, GBP (log scale); the verdict at the right")
    rk = sk.load("innovation_rankings").query("measure == 'rank'")
    grid = []
    for ranking, country, name in [("bloomberg_innovation_index", "KOR", "South Korea · Bloomberg"),
                                   ("global_innovation_index", "KOR", "South Korea · GII"),
                                   ("global_innovation_index", "GBR", "UK · GII")]:
        grid.append(rk[(rk["ranking"] == ranking) & (rk["country"] == country)].assign(series=name))
    grid = pd.concat(grid).query("year >= 2019")
    grid["series"] = pd.Categorical(grid["series"], categories=list(dict.fromkeys(grid["series"])))
    figs["heatmap/ranks"] = charts.heatmap(
        grid, row="series", col="year", value="value", lower_is_better=True, value_fmt="{:.0f}",
        title="Korea kept the Bloomberg crown in most editions since 2019 and rose on the GII",
        subtitle="Rank by edition since 2019 (1 = most innovative)")
    wide = rk[(rk["ranking"] == "global_innovation_index") & rk["year"].between(2019, 2024)]
    many = wide.groupby("country", observed=True)["year"].count().sort_values(ascending=False).index[:13]
    wide = wide[wide["country"].isin(many)]
    figs["heatmap/many"] = charts.heatmap(  # as 08: a column per economy, names turned to fit
        wide, row="year", col="country", value="value", lower_is_better=True, value_fmt="{:.0f}",
        title="Korea climbed the Global Innovation Index", subtitle="Rank by edition (1 = most innovative)")
    figs["small_multiples/bases"] = charts.small_multiples(
        concentration(), panel="basis", value_fmt="{:.1f}%",
        title="On every basis a few Korean firms weigh heavily, but the four bases are not one series",
        subtitle="Percent. Each panel is its own measure on its own scale")
    for fig in figs.values():
        fig.canvas.draw()
    return figs


def _visible_texts(fig):
    """Every text a reader sees: frame texts, labels, axis titles, legend entries and the tick
    labels inside the axis limits."""
    out = [t for t in fig.texts if t.get_text().strip()]
    for ax in fig.axes:
        out += [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
        out += [t for t in (ax.title, ax._left_title, ax._right_title) if t.get_text().strip()]
        if ax.get_legend() is not None:
            out += [t for t in ax.get_legend().get_texts() if t.get_text().strip()]
        for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            if not axis.get_visible():
                continue
            lo, hi = min(lo, hi), max(lo, hi)
            for tick in axis.get_major_ticks():
                if lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    out += [t for t in (tick.label1, tick.label2) if t.get_visible() and t.get_text().strip()]
    return out


def _outline(text, renderer) -> np.ndarray:
    """The four corners of a text's box on the figure (display px), rotated with the text.

    The window extent of rotated text is the upright box around it; the text's own box has
    the size of the unrotated text and the same centre, turned by the rotation.
    """
    box = text.get_window_extent(renderer)
    angle = text.get_rotation() % 180
    if angle == 0:
        return np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1], [box.x0, box.y1]])
    text.set_rotation(0)
    upright = text.get_window_extent(renderer)
    text.set_rotation(angle)
    w, h = upright.width / 2, upright.height / 2
    c, s = np.cos(np.radians(angle)), np.sin(np.radians(angle))
    corners = np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) @ np.array([[c, s], [-s, c]])
    return corners + [(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2]


def _overlap(a: np.ndarray, b: np.ndarray, tol: float = 0.5) -> bool:
    """Separating-axis test of two convex outlines: do they share more than ``tol`` px?"""
    for poly in (a, b):
        for k in range(len(poly)):
            edge = poly[(k + 1) % len(poly)] - poly[k]
            normal = np.array([-edge[1], edge[0]]) / np.hypot(*edge)
            pa, pb = a @ normal, b @ normal
            if min(pa.max(), pb.max()) - max(pa.min(), pb.min()) <= tol:
                return False
    return True


def _clashes(fig):
    renderer = fig.canvas.get_renderer()
    texts = _visible_texts(fig)
    outlines = [_outline(t, renderer) for t in texts]
    clashes = []
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if _overlap(outlines[i], outlines[j]):
                clashes.append(f"{texts[i].get_text()!r} overlaps {texts[j].get_text()!r}")
    return clashes


def _struck(fig):
    """Labels crossed by a data line (the dated marker is a reference line, not data)."""
    renderer = fig.canvas.get_renderer()
    segments = data_segments(fig.axes)
    return [t.get_text() for ax in fig.axes for t in ax.texts
            if t.get_text().strip() and t.get_gid() != "mark"
            and crosses(t.get_window_extent(renderer), segments, shrink=1.0)]


def test_notebook_charts_cover_every_kind(notebook_charts):
    assert {name.split("/")[0] for name in notebook_charts} == {
        "trend", "ranked_bars", "dumbbell", "timeline", "stacked_bars", "heatmap", "small_multiples"}


@pytest.mark.parametrize("name", ["trend/rd", "trend/researchers", "trend/points", "trend/5g", "trend/venture",
                                  "ranked_bars/top10", "ranked_bars/rd", "stacked_bars/pilot",
                                  "stacked_bars/verdicts", "timeline/steps", "dumbbell/claims", "heatmap/ranks",
                                  "heatmap/many", "small_multiples/bases"])
def test_no_two_texts_overlap_and_no_label_is_struck_by_a_line(notebook_charts, name):
    if name not in notebook_charts:
        pytest.skip(f"{name}: its table has no rows in this data")
    fig = notebook_charts[name]
    assert _clashes(fig) == []
    assert _struck(fig) == []


def test_the_clash_checks_find_a_clash_and_a_struck_label(rd):
    """The two checks above can fail: two labels on one spot, and a label on a line."""
    fig = charts.trend(rd, title="T", subtitle="S")
    ax = fig.axes[0]
    kor = rd[(rd["country"] == "KOR")].sort_values("year")
    middle = kor.iloc[len(kor) // 2]
    ax.text(middle["year"], middle["value"], "on the line", ha="center", va="center")
    ax.text(middle["year"], middle["value"], "and again", ha="center", va="center")
    fig.canvas.draw()
    assert any("on the line" in c and "and again" in c for c in _clashes(fig))
    assert "on the line" in _struck(fig)


def test_rotated_labels_clash_only_when_their_own_boxes_meet():
    fig = Figure(figsize=(4, 3), dpi=100)
    FigureCanvasAgg(fig)
    near = [fig.text(0.3 + 0.08 * i, 0.5, "Netherlands", rotation=35) for i in range(2)]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    a, b = (t.get_window_extent(renderer) for t in near)
    assert a.overlaps(b)  # the upright boxes meet ...
    assert not _overlap(*(_outline(t, renderer) for t in near))  # ... the turned texts do not
    near[1].set_position((0.32, 0.52))
    assert _overlap(*(_outline(t, renderer) for t in near))


def test_point_labels_move_off_a_line_that_runs_through_them():
    """Two series crossing: a label above a point of one would sit on the other line."""
    df = pd.DataFrame({"series": ["A"] * 3 + ["B"] * 3, "year": [2000, 2001, 2002] * 2,
                       "value": [1.0, 2.0, 3.0, 3.0, 2.05, 1.0], "source_id": "WB_WDI_2026_07"})
    fig = charts.trend(df, series="series", highlight=None, point_labels=True, title="T", subtitle="S")
    fig.canvas.draw()
    assert _clashes(fig) == [] and _struck(fig) == []


# --------------------------------------------------------------------------- displaying and fingerprints


def test_inline_png_is_page_sized_with_the_fingerprint_in_its_metadata(built):
    fig = built["trend"]
    png, meta = fig._repr_png_()
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        assert im.size[0] == round(charts.WIDTH * charts.INLINE_DPI) < charts.WIDTH * charts.DPI
    assert meta == {"smartkorea": {"kind": "trend", "data": fig.chart_fingerprint}}
    assert re.fullmatch(r"[0-9a-f]{16}", fig.chart_fingerprint)


def test_inline_png_is_rendered_once_while_the_figure_is_unchanged(rd):
    fig = charts.ranked_bars(rd, year=2019, title="T", subtitle="S")
    first, _ = fig._repr_png_()
    assert fig._repr_png_()[0] is first
    fig.chart_title.set_text("Another title")
    again, _ = fig._repr_png_()
    assert again is not first and again != first


def test_fingerprint_is_the_data_not_its_order_labels_or_unit(rd):
    base = charts.trend(rd, title="T", subtitle="S").chart_fingerprint
    shuffled = rd.sample(frac=1.0, random_state=1).assign(value=rd["value"] * 1000)
    assert charts.trend(shuffled, title="Other", subtitle="S", highlight="GBR").chart_fingerprint == base
    fewer = rd[rd["country"] != "CHN"]
    assert charts.trend(fewer, title="T", subtitle="S").chart_fingerprint != base
    bars = charts.ranked_bars(rd, year=2019, title="T", subtitle="S").chart_fingerprint
    assert bars != base and charts.ranked_bars(rd, year=2020, title="T", subtitle="S").chart_fingerprint != bars


NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def _fingerprints(path):
    out = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                out.append(output.get("metadata", {}).get("image/png", {}).get("smartkorea", {}).get("data"))
    return out


def test_no_chart_appears_in_two_notebooks():
    seen: dict[str, str] = {}
    dupes = []
    for path in NOTEBOOKS:
        prints = _fingerprints(path)
        assert all(prints), f"{path.name}: a chart output without a fingerprint (re-execute the notebook)"
        for fp in set(prints):
            if fp in seen:
                dupes.append(f"{seen[fp]} and {path.name}")
            seen.setdefault(fp, path.name)
    assert dupes == []


def test_repr_gives_the_saved_size_not_the_display_size(built):
    fig = built["ranked_bars"]
    w, h = fig.get_size_inches()
    assert repr(fig) == f"<ChartFigure size {w * 150:g}x{h * 150:g} with 1 Axes>"  # saved at 150 dpi


def test_timeline_labels_are_written_in_the_readers_units():
    df = pd.DataFrame({"date": ["2018-12-26", "2019-02-13"],
                       "event": ["Plan approved: KRW 3.7tn public + private", "Site of 84만 pyeong"]})
    fig = charts.timeline(df, title="T", subtitle="S", sources=["WB_WDI_2025_07"])
    shown = " ".join(_texts(fig))
    assert "₩3.7tn public + private" in shown and "about 2.8 km²" in shown
    assert "KRW" not in shown and "만" not in shown
