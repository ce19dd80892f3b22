"""smartkorea.charts: every chart kind on real data, the house style, saving, bad input.

No pixel baselines: the tests check what the style promises (title, unit, source line built
from the data, highlight colour, direct labels) on the artists themselves, and that saved
bytes are reproducible.
"""

from __future__ import annotations

import hashlib
import re
import os
import subprocess
import sys
import textwrap

import matplotlib as mpl
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import same_color
from matplotlib.figure import Figure

import smartkorea as sk
from smartkorea import charts
from smartkorea.charts import HIGHLIGHT, ChartDataError

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
                              subtitle="GERD, % of GDP", mark_year=2019),
        "ranked_bars": charts.ranked_bars(rd, year=2019, title="Korea spent more than most on R&D in 2019",
                                          subtitle="GERD, % of GDP, 2019"),
        "dumbbell": charts.dumbbell(gerd, title="R&D spending grew everywhere",
                                    subtitle="GERD, constant 2015 PPP USD", stated_label="2000",
                                    evidence_label="2021"),
        "timeline": charts.timeline(sk.load("milestones").head(12), title="Korea moved first",
                                    subtitle="Milestones, by date", highlight=["KOR", "GBR"],
                                    mark_year=2019),
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
    assert {"South Korea", "UK", "US", "OECD", "2019"} <= set(texts)
    assert same_color(texts["South Korea"].get_color(), HIGHLIGHT)


def test_trend_end_labels_do_not_overlap(built):
    fig = built["trend"]
    renderer = fig.canvas.get_renderer()
    boxes = sorted((t.get_window_extent(renderer) for t in fig.axes[0].texts if t.get_text() != "2019"),
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


def test_save_twice_and_from_two_builds_gives_identical_bytes(rd, tmp_path):
    def build():
        return charts.trend(rd, title="Same chart", subtitle="GERD, % of GDP", mark_year=2019)

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
    assert fig._repr_png_() == png
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
    assert "DBT statement 2023" in texts and "Sky News 2019" in texts  # end labels, no repeated value
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
                               mark_year=2019, value_fmt="{:.1f}%", note="A note.")
    labels = charts.Labels("Korea out-spends its peers", "GERD, % of GDP", note="A note.")
    by_objects = charts.trend(rd, labels, charts.TrendOptions(mark_year=2019, value_fmt="{:.1f}%"))
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
