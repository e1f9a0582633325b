#include "analyzer/check/threshold_check.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "heapmodel/units.h"
#include "heapmodel/error.h"

namespace heapdoc {
namespace {

std::string Figure(CheckRule rule, double value) {
  if (CheckRuleIsRatio(rule)) return FormatPercent(value);
  return FormatBytes(static_cast<int64_t>(value));
}

std::string ClassSubject(const ClassModel& c) {
  if (c.class_id == 0) return "large objects (> 32 KiB)";
  return fmt::format("class {} ({} slots)", c.class_id, FormatBytes(static_cast<int64_t>(c.slot_bytes)));
}

std::string SiteSubject(const SiteRow& s) {
  std::string where = s.file.empty() ? "" : fmt::format("{}:{}, ", s.file, s.line);
  return fmt::format("{} ({}{} slots)", s.function.empty() ? "?" : s.function, where,
                     FormatBytes(static_cast<int64_t>(s.slot_bytes)));
}

// Growth of a figure against its baseline: relative for bytes, in percentage points for a ratio
// (fragmentation 16.5 % -> 18.2 % grew by 1.7 points, not by 10 %).
double Growth(CheckRule rule, double now, double before) {
  if (CheckRuleIsRatio(rule)) return now - before;
  if (before <= 0) return now > 0 ? std::numeric_limits<double>::infinity() : 0;
  return (now - before) / before;
}

std::string GrowthText(CheckRule rule, double growth) {
  if (CheckRuleIsRatio(rule)) return fmt::format("{:+.1f} points", growth * 100);
  return std::isinf(growth) ? "new" : fmt::format("{:+.1f} %", growth * 100);
}

std::string AllowedGrowthText(CheckRule rule, double limit) {
  return CheckRuleIsRatio(rule) ? fmt::format("{:+.1f} points", limit * 100) : fmt::format("{:+.1f} %", limit * 100);
}

bool HasWasteFigures(const AnalysisReport& r) { return r.model.basis != ModelBasis::kProfileOnly; }

class Checker {
 public:
  Checker(const AnalysisReport& report, const CheckThresholds& t, const AnalysisReport* baseline)
      : report_(report), t_(t), baseline_(baseline) {
    result_.source = report.snapshot.source;
    result_.baseline_source = baseline ? baseline->snapshot.source : "";
    result_.thresholds = t;
    growth_limit_ = t.max_growth_ratio.value_or(kDefaultMaxGrowthRatio);
    min_growth_ = static_cast<double>(t.min_growth_bytes.value_or(kDefaultMinGrowthBytes));
    if (baseline) {
      result_.thresholds.max_growth_ratio = growth_limit_;
      result_.thresholds.min_growth_bytes = static_cast<uint64_t>(min_growth_);
    }
  }

  CheckResult Run() {
    RequireData();
    if (t_.max_fragmentation_ratio) CheckFragmentation(*t_.max_fragmentation_ratio);
    if (t_.max_external_waste_bytes) CheckExternalWaste(static_cast<double>(*t_.max_external_waste_bytes));
    if (t_.max_class_waste_bytes) CheckClasses(static_cast<double>(*t_.max_class_waste_bytes));
    if (t_.max_site_cost_bytes) CheckSites(static_cast<double>(*t_.max_site_cost_bytes));
    if (baseline_) CheckGrowth();
    auto order = [](CheckStatus s) { return s == CheckStatus::kFail ? 0 : s == CheckStatus::kBaselineOver ? 1 : 2; };
    std::stable_sort(result_.findings.begin(), result_.findings.end(),
                     [&](const CheckFinding& a, const CheckFinding& b) { return order(a.status) < order(b.status); });
    return std::move(result_);
  }

 private:
  void RequireData() const {
    auto need_memstats = [&](const AnalysisReport& r, const char* flag, const char* role) {
      if (!r.diagnosis.has_memstats)
        throw Error(fmt::format("{} needs runtime.MemStats for the {} ({}): pass {} (or a ?debug=1 profile, or --dump)",
                                flag, role, r.snapshot.source, role == std::string("profile") ? "--memstats FILE" : "--baseline-memstats FILE"));
    };
    auto need_model = [&](const AnalysisReport& r, const char* flag) {
      if (!HasWasteFigures(r))
        throw Error(fmt::format("{} needs free-slot figures, which need runtime.MemStats or a heap dump for {}: pass "
                                "--memstats FILE or --dump FILE",
                                flag, r.snapshot.source));
    };
    if (t_.max_fragmentation_ratio) need_memstats(report_, "--max-fragmentation", "profile");
    if (t_.max_external_waste_bytes) need_model(report_, "--max-external-waste");
    if (t_.max_class_waste_bytes) need_model(report_, "--max-class-waste");
  }

  // Decides pass / fail / baseline-over for an absolute limit; `before` is the baseline's figure.
  void Judge(CheckFinding f, std::optional<double> before) {
    bool over = f.figure > f.limit;
    f.baseline_figure = before;
    if (before) f.growth_ratio = Growth(f.rule, f.figure, *before);
    f.status = over ? CheckStatus::kFail : CheckStatus::kPass;
    if (over && before && *before > f.limit && !Regressed(f.rule, f.figure, *before))
      f.status = CheckStatus::kBaselineOver;
    std::string verb = f.status == CheckStatus::kPass ? "<=" : ">";
    f.message = fmt::format("{}: {} {} {} {} limit {}", CheckRuleId(f.rule), f.subject, Noun(f.rule), Figure(f.rule, f.figure),
                            verb, Figure(f.rule, f.limit));
    if (before)
      f.message += fmt::format(" (baseline {}, {})", Figure(f.rule, *before), GrowthText(f.rule, *f.growth_ratio));
    if (f.status == CheckStatus::kBaselineOver) f.message += "; already over in the baseline, not a regression";
    result_.findings.push_back(std::move(f));
  }

  static const char* Noun(CheckRule rule) {
    switch (rule) {
      case CheckRule::kMaxFragmentation: case CheckRule::kGrowthFragmentation: return "fragmentation";
      case CheckRule::kMaxExternalWaste: case CheckRule::kGrowthExternalWaste: return "external waste (free slots)";
      case CheckRule::kMaxClassWaste: case CheckRule::kGrowthClassWaste: return "free slots";
      case CheckRule::kMaxSiteCost: case CheckRule::kGrowthSiteCost: return "cost";
    }
    return "";
  }

  bool Regressed(CheckRule rule, double now, double before) const {
    double growth = Growth(rule, now, before);
    if (growth <= growth_limit_) return false;
    if (!CheckRuleIsRatio(rule) && now - before < min_growth_) return false;
    return true;
  }

  const ClassModel* BaselineClass(int class_id) const {
    if (!baseline_ || !HasWasteFigures(*baseline_)) return nullptr;
    for (const ClassModel& c : baseline_->model.classes)
      if (c.class_id == class_id) return &c;
    return nullptr;
  }

  std::map<std::string, const SiteRow*> BaselineSites() const {
    std::map<std::string, const SiteRow*> sites;
    if (baseline_)
      for (const SiteRow& s : baseline_->breakdown.sites) sites.emplace(SiteIdentity(s), &s);
    return sites;
  }

  void CheckFragmentation(double limit) {
    CheckFinding f;
    f.rule = CheckRule::kMaxFragmentation;
    f.subject = "heap";
    f.figure = report_.diagnosis.fragmentation_ratio;
    f.limit = limit;
    std::optional<double> before;
    if (baseline_ && baseline_->diagnosis.has_memstats) before = baseline_->diagnosis.fragmentation_ratio;
    Judge(std::move(f), before);
  }

  void CheckExternalWaste(double limit) {
    CheckFinding f;
    f.rule = CheckRule::kMaxExternalWaste;
    f.subject = "heap";
    f.figure = static_cast<double>(report_.model.free_slot_bytes);
    f.limit = limit;
    std::optional<double> before;
    if (baseline_ && HasWasteFigures(*baseline_)) before = static_cast<double>(baseline_->model.free_slot_bytes);
    Judge(std::move(f), before);
  }

  void CheckClasses(double limit) {
    const ClassModel* worst = nullptr;
    for (const ClassModel& c : report_.model.classes) {
      if (!worst || c.free_slot_bytes > worst->free_slot_bytes) worst = &c;
      if (static_cast<double>(c.free_slot_bytes) <= limit) continue;
      CheckFinding f = ClassFinding(CheckRule::kMaxClassWaste, c, limit);
      const ClassModel* old = BaselineClass(c.class_id);
      std::optional<double> before;
      if (old) before = static_cast<double>(old->free_slot_bytes);
      else if (baseline_ && HasWasteFigures(*baseline_)) before = 0.0;
      Judge(std::move(f), before);
    }
    if (!AnyFinding(CheckRule::kMaxClassWaste)) {
      CheckFinding f;
      if (worst) f = ClassFinding(CheckRule::kMaxClassWaste, *worst, limit);
      else f.rule = CheckRule::kMaxClassWaste, f.subject = "every class", f.limit = limit;
      f.subject = "largest: " + f.subject;
      Judge(std::move(f), std::nullopt);
    }
  }

  void CheckSites(double limit) {
    auto old_sites = BaselineSites();
    const SiteRow* worst = nullptr;
    for (const SiteRow& s : report_.breakdown.sites) {
      if (!worst || s.cost_bytes > worst->cost_bytes) worst = &s;
      if (static_cast<double>(s.cost_bytes) <= limit) continue;
      CheckFinding f = SiteFinding(CheckRule::kMaxSiteCost, s, limit);
      std::optional<double> before;
      if (baseline_) {
        auto it = old_sites.find(SiteIdentity(s));
        before = it == old_sites.end() ? 0.0 : static_cast<double>(it->second->cost_bytes);
      }
      Judge(std::move(f), before);
    }
    if (!AnyFinding(CheckRule::kMaxSiteCost)) {
      CheckFinding f;
      if (worst) f = SiteFinding(CheckRule::kMaxSiteCost, *worst, limit);
      else f.rule = CheckRule::kMaxSiteCost, f.subject = "every site", f.limit = limit;
      f.subject = "largest: " + f.subject;
      Judge(std::move(f), std::nullopt);
    }
  }

  CheckFinding ClassFinding(CheckRule rule, const ClassModel& c, double limit) const {
    CheckFinding f;
    f.rule = rule;
    f.subject = ClassSubject(c);
    f.class_id = c.class_id;
    f.figure = static_cast<double>(c.free_slot_bytes);
    f.limit = limit;
    return f;
  }

  CheckFinding SiteFinding(CheckRule rule, const SiteRow& s, double limit) const {
    CheckFinding f;
    f.rule = rule;
    f.subject = SiteSubject(s);
    f.function = s.function;
    f.file = s.file;
    f.line = s.line;
    f.class_id = s.class_id;
    f.figure = static_cast<double>(s.cost_bytes);
    f.limit = limit;
    return f;
  }

  bool AnyFinding(CheckRule rule) const {
    return std::any_of(result_.findings.begin(), result_.findings.end(),
                       [&](const CheckFinding& f) { return f.rule == rule; });
  }

  // A growth finding: fails when the figure grew by more than the allowed ratio (and, for bytes, by
  // at least min-growth).
  void JudgeGrowth(CheckFinding f, double before) {
    f.baseline_figure = before;
    f.growth_ratio = Growth(f.rule, f.figure, before);
    f.limit = growth_limit_;
    f.status = Regressed(f.rule, f.figure, before) ? CheckStatus::kFail : CheckStatus::kPass;
    f.message = fmt::format("{}: {} {} {} -> {} ({}) {} allowed growth {}", CheckRuleId(f.rule), f.subject, Noun(f.rule),
                            Figure(f.rule, before), Figure(f.rule, f.figure), GrowthText(f.rule, *f.growth_ratio),
                            f.status == CheckStatus::kFail ? ">" : "<=", AllowedGrowthText(f.rule, growth_limit_));
    if (f.status == CheckStatus::kPass && *f.growth_ratio > growth_limit_ && !CheckRuleIsRatio(f.rule))
      f.message += fmt::format(" (grew by less than min-growth {})", FormatBytes(static_cast<int64_t>(min_growth_)));
    result_.findings.push_back(std::move(f));
  }

  // Growth checks keep only failures individually, plus one pass line per rule for the largest growth.
  void CheckGrowth() {
    const AnalysisReport& old = *baseline_;
    if (report_.diagnosis.has_memstats && old.diagnosis.has_memstats) {
      CheckFinding f;
      f.rule = CheckRule::kGrowthFragmentation;
      f.subject = "heap";
      f.figure = report_.diagnosis.fragmentation_ratio;
      JudgeGrowth(std::move(f), old.diagnosis.fragmentation_ratio);
    } else {
      result_.notes.push_back("fragmentation growth not checked: both profiles need MemStats (--memstats, --baseline-memstats)");
    }
    if (HasWasteFigures(report_) && HasWasteFigures(old)) {
      CheckFinding f;
      f.rule = CheckRule::kGrowthExternalWaste;
      f.subject = "heap";
      f.figure = static_cast<double>(report_.model.free_slot_bytes);
      JudgeGrowth(std::move(f), static_cast<double>(old.model.free_slot_bytes));
      GrowthPerItem<ClassModel>(CheckRule::kGrowthClassWaste, report_.model.classes, [&](const ClassModel& c) {
        const ClassModel* o = BaselineClass(c.class_id);
        return std::pair{ClassFinding(CheckRule::kGrowthClassWaste, c, 0), o ? static_cast<double>(o->free_slot_bytes) : 0.0};
      });
    } else {
      result_.notes.push_back("external and per-class waste growth not checked: both profiles need MemStats or a heap dump");
    }
    auto old_sites = BaselineSites();
    GrowthPerItem<SiteRow>(CheckRule::kGrowthSiteCost, report_.breakdown.sites, [&](const SiteRow& s) {
      auto it = old_sites.find(SiteIdentity(s));
      return std::pair{SiteFinding(CheckRule::kGrowthSiteCost, s, 0),
                       it == old_sites.end() ? 0.0 : static_cast<double>(it->second->cost_bytes)};
    });
  }

  template <typename Item, typename MakeFinding>
  void GrowthPerItem(CheckRule rule, const std::vector<Item>& items, MakeFinding make) {
    std::optional<std::pair<CheckFinding, double>> largest;
    bool failed = false;
    for (const Item& item : items) {
      auto [f, before] = make(item);
      if (Regressed(rule, f.figure, before)) {
        failed = true;
        JudgeGrowth(std::move(f), before);
      } else if (!largest || f.figure - before > largest->first.figure - largest->second) {
        largest.emplace(std::move(f), before);
      }
    }
    if (!failed && largest) {
      largest->first.subject = "largest growth: " + largest->first.subject;
      JudgeGrowth(std::move(largest->first), largest->second);
    }
  }

  const AnalysisReport& report_;
  const CheckThresholds& t_;
  const AnalysisReport* baseline_;
  double growth_limit_ = kDefaultMaxGrowthRatio;
  double min_growth_ = static_cast<double>(kDefaultMinGrowthBytes);
  CheckResult result_;
};

}  // namespace

const char* CheckRuleId(CheckRule rule) {
  switch (rule) {
    case CheckRule::kMaxFragmentation: return "max-fragmentation";
    case CheckRule::kMaxExternalWaste: return "max-external-waste";
    case CheckRule::kMaxClassWaste: return "max-class-waste";
    case CheckRule::kMaxSiteCost: return "max-site-cost";
    case CheckRule::kGrowthFragmentation: return "growth-fragmentation";
    case CheckRule::kGrowthExternalWaste: return "growth-external-waste";
    case CheckRule::kGrowthClassWaste: return "growth-class-waste";
    case CheckRule::kGrowthSiteCost: return "growth-site-cost";
  }
  return "";
}

const char* CheckRuleSummary(CheckRule rule) {
  switch (rule) {
    case CheckRule::kMaxFragmentation: return "Heap fragmentation (HeapInuse - HeapAlloc) / HeapInuse is above the limit";
    case CheckRule::kMaxExternalWaste: return "Free slots in spans in use (external fragmentation) exceed the limit";
    case CheckRule::kMaxClassWaste: return "Free slots of one size class exceed the limit";
    case CheckRule::kMaxSiteCost: return "One allocation site costs more span bytes than the limit";
    case CheckRule::kGrowthFragmentation: return "Heap fragmentation grew more than allowed since the baseline";
    case CheckRule::kGrowthExternalWaste: return "External waste (free slots) grew more than allowed since the baseline";
    case CheckRule::kGrowthClassWaste: return "Free slots of a size class grew more than allowed since the baseline";
    case CheckRule::kGrowthSiteCost: return "An allocation site's cost grew more than allowed since the baseline";
  }
  return "";
}

bool CheckRuleIsRatio(CheckRule rule) {
  return rule == CheckRule::kMaxFragmentation || rule == CheckRule::kGrowthFragmentation;
}

const char* CheckStatusName(CheckStatus status) {
  switch (status) {
    case CheckStatus::kPass: return "pass";
    case CheckStatus::kFail: return "fail";
    case CheckStatus::kBaselineOver: return "baseline";
  }
  return "";
}

size_t CheckResult::failures() const {
  return static_cast<size_t>(std::count_if(findings.begin(), findings.end(),
                                           [](const CheckFinding& f) { return f.status == CheckStatus::kFail; }));
}

std::string SiteIdentity(const SiteRow& site) {
  return fmt::format("{}\x1f{}\x1f{}\x1f{}", site.function, site.file, site.line, site.slot_bytes);
}

CheckResult RunChecks(const AnalysisReport& report, const CheckThresholds& thresholds, const AnalysisReport* baseline) {
  return Checker(report, thresholds, baseline).Run();
}

}  // namespace heapdoc
