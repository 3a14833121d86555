//! Charts as SVG strings, for reports: lines over time ([`render_line_svg`])
//! and bars of grouped results ([`render_bar_svg`]).
//!
//! Drawn with `plotters`' SVG backend without its `ttf` feature: text is
//! written as SVG `<text>` elements in a generic `sans-serif` family, which
//! the viewer renders with its own fonts, so no font file or fontconfig is
//! needed on the node (plotters then lays text out by a size estimate).
//! Every input is bounded: series, points, bars, label lengths and size.

use chrono::{DateTime, Utc};
use plotters::prelude::*;

/// Series one line chart may draw.
pub const MAX_SERIES: usize = 12;
/// Points one series may have.
pub const MAX_POINTS_PER_SERIES: usize = 2_000;
/// Bars one bar chart may draw.
pub const MAX_BARS: usize = 200;
/// Longest title, axis label, series label or bar label, in bytes.
pub const MAX_LABEL_BYTES: usize = 200;
/// Bounds of a chart's width and height, in pixels.
pub const MIN_SIZE_PX: u32 = 100;
pub const MAX_SIZE_PX: u32 = 4_000;
/// Span a line chart's time axis has at least (one point, or none), in ms.
const MIN_TIME_SPAN_MS: f64 = 3_600_000.0;
/// Above this time span, in ms (two days), x labels show dates only.
const DATE_ONLY_SPAN_MS: f64 = 2.0 * 86_400_000.0;
/// Font size of the title, and of the axis and legend text, in pixels.
const TITLE_FONT_PX: u32 = 20;
const LABEL_FONT_PX: u32 = 12;
/// Margin around the plot and the sizes of its label areas, in pixels.
const MARGIN_PX: u32 = 10;
const X_LABEL_AREA_PX: u32 = 40;
const Y_LABEL_AREA_PX: u32 = 70;
/// Labels drawn along the time axis.
const TIME_AXIS_LABELS: usize = 6;

/// One line: its legend label and its `(time, value)` points.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    pub points: Vec<(DateTime<Utc>, f64)>,
}

/// A line chart: time on x, one line per series.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub y_label: String,
    pub series: Vec<Series>,
}

/// Why a chart was not drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChartError {
    #[error("at most {MAX_SERIES} series")]
    TooManySeries,
    #[error("series {0}: at most {MAX_POINTS_PER_SERIES} points")]
    TooManyPoints(usize),
    #[error("at most {MAX_BARS} bars")]
    TooManyBars,
    #[error("width and height must be {MIN_SIZE_PX}–{MAX_SIZE_PX} pixels")]
    Size,
    #[error("{0}: at most {MAX_LABEL_BYTES} bytes")]
    LabelTooLong(&'static str),
    #[error("{0}: values must be finite numbers")]
    NotFinite(&'static str),
    #[error("drawing failed: {0}")]
    Render(String),
}

fn render_error(err: impl std::fmt::Display) -> ChartError {
    ChartError::Render(err.to_string())
}

fn check_size(width: u32, height: u32) -> Result<(), ChartError> {
    let fits = |px: u32| (MIN_SIZE_PX..=MAX_SIZE_PX).contains(&px);
    if fits(width) && fits(height) {
        Ok(())
    } else {
        Err(ChartError::Size)
    }
}

fn check_label(what: &'static str, label: &str) -> Result<(), ChartError> {
    if label.len() > MAX_LABEL_BYTES {
        return Err(ChartError::LabelTooLong(what));
    }
    Ok(())
}

fn check_chart(chart: &Chart) -> Result<(), ChartError> {
    check_label("title", &chart.title)?;
    check_label("y_label", &chart.y_label)?;
    if chart.series.len() > MAX_SERIES {
        return Err(ChartError::TooManySeries);
    }
    for (i, series) in chart.series.iter().enumerate() {
        check_label("series label", &series.label)?;
        if series.points.len() > MAX_POINTS_PER_SERIES {
            return Err(ChartError::TooManyPoints(i));
        }
        if series.points.iter().any(|(_, v)| !v.is_finite()) {
            return Err(ChartError::NotFinite("series"));
        }
    }
    Ok(())
}

/// `lo..hi` widened to at least `min_span` (around its middle), for an axis
/// of one value or none.
fn widened((lo, hi): (f64, f64), min_span: f64) -> (f64, f64) {
    if hi - lo >= min_span {
        return (lo, hi);
    }
    let middle = (lo + hi) / 2.0;
    (middle - min_span / 2.0, middle + min_span / 2.0)
}

/// The range of `values`, or `None` when there are none.
fn extent(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values.fold(None, |range, v| match range {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// The value axis: from zero (or below, for negative values) to the largest
/// value, with some headroom.
fn value_axis(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = extent(values).unwrap_or((0.0, 1.0));
    let (lo, hi) = (lo.min(0.0), hi.max(0.0));
    let pad = (hi - lo) * 0.05;
    widened((lo - if lo < 0.0 { pad } else { 0.0 }, hi + pad), 1.0)
}

/// A time axis label: a date, or a date and time for a short span.
fn time_label(ms: f64, span_ms: f64) -> String {
    // Bounded to chrono's range by the points it came from.
    let Some(at) = DateTime::<Utc>::from_timestamp_millis(ms.round() as i64) else {
        return String::new();
    };
    if span_ms > DATE_ONLY_SPAN_MS {
        at.format("%Y-%m-%d").to_string()
    } else {
        at.format("%m-%d %H:%M").to_string()
    }
}

/// The time chart `chart` as an SVG document of `width` × `height` pixels;
/// a chart without points is drawn with its title and empty axes.
pub fn render_line_svg(chart: &Chart, width: u32, height: u32) -> Result<String, ChartError> {
    check_size(width, height)?;
    check_chart(chart)?;
    let points = || chart.series.iter().flat_map(|s| s.points.iter());
    let times = extent(points().map(|(at, _)| at.timestamp_millis() as f64));
    let now_ms = Utc::now().timestamp_millis() as f64;
    let (x0, x1) = widened(times.unwrap_or((now_ms, now_ms)), MIN_TIME_SPAN_MS);
    let (y0, y1) = value_axis(points().map(|(_, v)| *v));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(render_error)?;
        let mut plot = ChartBuilder::on(&root)
            .caption(&chart.title, ("sans-serif", TITLE_FONT_PX))
            .margin(MARGIN_PX)
            .x_label_area_size(X_LABEL_AREA_PX)
            .y_label_area_size(Y_LABEL_AREA_PX)
            .build_cartesian_2d(x0..x1, y0..y1)
            .map_err(render_error)?;
        let span = x1 - x0;
        plot.configure_mesh()
            .x_labels(TIME_AXIS_LABELS)
            .x_label_formatter(&|ms| time_label(*ms, span))
            .y_desc(&chart.y_label)
            .label_style(("sans-serif", LABEL_FONT_PX))
            .draw()
            .map_err(render_error)?;
        for (i, series) in chart.series.iter().enumerate() {
            let color = Palette99::pick(i).to_rgba();
            let line = series
                .points
                .iter()
                .map(|(at, v)| (at.timestamp_millis() as f64, *v));
            plot.draw_series(LineSeries::new(line, color.stroke_width(2)))
                .map_err(render_error)?
                .label(&series.label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color));
        }
        if !chart.series.is_empty() {
            plot.configure_series_labels()
                .label_font(("sans-serif", LABEL_FONT_PX))
                .background_style(WHITE.mix(0.8))
                .border_style(BLACK)
                .draw()
                .map_err(render_error)?;
        }
        root.present().map_err(render_error)?;
    }
    Ok(svg)
}

fn check_bars(title: &str, y_label: &str, bars: &[(String, f64)]) -> Result<(), ChartError> {
    check_label("title", title)?;
    check_label("y_label", y_label)?;
    if bars.len() > MAX_BARS {
        return Err(ChartError::TooManyBars);
    }
    for (label, value) in bars {
        check_label("bar label", label)?;
        if !value.is_finite() {
            return Err(ChartError::NotFinite("bars"));
        }
    }
    Ok(())
}

/// Bars of grouped results (`(label, value)`, drawn in their order) as an SVG
/// document of `width` × `height` pixels; no bars draw empty axes.
pub fn render_bar_svg(
    title: &str,
    y_label: &str,
    bars: &[(String, f64)],
    width: u32,
    height: u32,
) -> Result<String, ChartError> {
    check_size(width, height)?;
    check_bars(title, y_label, bars)?;
    // At most MAX_BARS, so the count fits a u32.
    let count = u32::try_from(bars.len().max(1)).unwrap_or(u32::MAX);
    let (y0, y1) = value_axis(bars.iter().map(|(_, v)| *v));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(render_error)?;
        let mut plot = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", TITLE_FONT_PX))
            .margin(MARGIN_PX)
            .x_label_area_size(X_LABEL_AREA_PX)
            .y_label_area_size(Y_LABEL_AREA_PX)
            .build_cartesian_2d((0..count).into_segmented(), y0..y1)
            .map_err(render_error)?;
        let label_of = |v: &SegmentValue<u32>| match v {
            SegmentValue::CenterOf(i) | SegmentValue::Exact(i) => bars
                .get(*i as usize)
                .map(|(label, _)| label.clone())
                .unwrap_or_default(),
            SegmentValue::Last => String::new(),
        };
        plot.configure_mesh()
            .disable_x_mesh()
            .x_labels(bars.len().max(1))
            .x_label_formatter(&label_of)
            .y_desc(y_label)
            .label_style(("sans-serif", LABEL_FONT_PX))
            .draw()
            .map_err(render_error)?;
        let color = Palette99::pick(0).to_rgba();
        let rectangles = (0u32..).zip(bars).map(|(i, (_, value))| {
            let from = (SegmentValue::Exact(i), 0.0);
            let to = (SegmentValue::Exact(i + 1), *value);
            let mut bar = Rectangle::new([from, to], color.filled());
            bar.set_margin(0, 0, 4, 4);
            bar
        });
        plot.draw_series(rectangles).map_err(render_error)?;
        root.present().map_err(render_error)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    fn series(label: &str, n: usize) -> Series {
        let start = DateTime::<Utc>::from_timestamp(1_750_000_000, 0).unwrap();
        Series {
            label: label.to_owned(),
            points: (0..n)
                .map(|i| (start + TimeDelta::hours(i as i64), (i * i) as f64))
                .collect(),
        }
    }

    fn chart(series: Vec<Series>) -> Chart {
        Chart {
            title: String::from("Redemptions & <more>"),
            y_label: String::from("count"),
            series,
        }
    }

    /// Whether `svg` draws `text` as one text element.
    fn has_text(svg: &str, text: &str) -> bool {
        svg.contains(&format!(">\n{text}\n</text>"))
    }

    fn looks_like_svg(svg: &str) {
        assert!(svg.starts_with("<svg"), "{}", &svg[..svg.len().min(80)]);
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<svg").count(), 1);
    }

    #[test]
    fn a_line_chart_has_its_title_labels_and_lines() {
        let svg =
            render_line_svg(&chart(vec![series("web", 48), series("app", 3)]), 800, 400).unwrap();
        looks_like_svg(&svg);
        assert!(
            svg.contains("Redemptions &amp; &lt;more&gt;"),
            "the title, escaped"
        );
        assert!(
            has_text(&svg, "web") && has_text(&svg, "app"),
            "each legend label"
        );
        assert!(has_text(&svg, "count"), "the y label");
        assert!(svg.contains("<polyline"), "a line");
    }

    #[test]
    fn an_empty_chart_is_drawn() {
        for empty in [chart(Vec::new()), chart(vec![series("none", 0)])] {
            let svg = render_line_svg(&empty, 400, 300).unwrap();
            looks_like_svg(&svg);
            assert!(svg.contains("Redemptions"));
        }
        let one = render_line_svg(&chart(vec![series("one", 1)]), 400, 300).unwrap();
        looks_like_svg(&one);
        let bars = render_bar_svg("Nothing", "count", &[], 400, 300).unwrap();
        looks_like_svg(&bars);
    }

    #[test]
    fn a_bar_chart_has_its_bars_and_labels() {
        let bars = vec![
            (String::from("web"), 12.0),
            (String::from("email"), 4.5),
            (String::from("refunds"), -2.0),
        ];
        let svg = render_bar_svg("By channel", "redemptions", &bars, 600, 300).unwrap();
        looks_like_svg(&svg);
        for text in ["By channel", "web", "email", "refunds", "redemptions"] {
            assert!(has_text(&svg, text), "{text}");
        }
        assert!(svg.matches("<rect").count() >= bars.len());
    }

    #[test]
    fn bounds_are_refused() {
        let many = (0..=MAX_SERIES)
            .map(|i| series(&i.to_string(), 1))
            .collect();
        assert_eq!(
            render_line_svg(&chart(many), 400, 300),
            Err(ChartError::TooManySeries)
        );
        let long = chart(vec![series("a", 1), series("b", MAX_POINTS_PER_SERIES + 1)]);
        assert_eq!(
            render_line_svg(&long, 400, 300),
            Err(ChartError::TooManyPoints(1))
        );
        let ok = chart(vec![series("a", 2)]);
        for (w, h) in [(MIN_SIZE_PX - 1, 300), (400, MAX_SIZE_PX + 1), (0, 0)] {
            assert_eq!(render_line_svg(&ok, w, h), Err(ChartError::Size));
        }
        let mut nan = series("nan", 2);
        nan.points[1].1 = f64::NAN;
        assert!(matches!(
            render_line_svg(&chart(vec![nan]), 400, 300),
            Err(ChartError::NotFinite(_))
        ));
        let mut titled = ok.clone();
        titled.title = "x".repeat(MAX_LABEL_BYTES + 1);
        assert_eq!(
            render_line_svg(&titled, 400, 300),
            Err(ChartError::LabelTooLong("title"))
        );
        let bars: Vec<(String, f64)> = (0..=MAX_BARS).map(|i| (i.to_string(), 1.0)).collect();
        assert_eq!(
            render_bar_svg("t", "y", &bars, 400, 300),
            Err(ChartError::TooManyBars)
        );
        let inf = [(String::from("a"), f64::INFINITY)];
        assert!(render_bar_svg("t", "y", &inf, 400, 300).is_err());
    }
}
