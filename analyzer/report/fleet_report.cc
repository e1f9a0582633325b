#include "analyzer/report/fleet_report.h"

#include <fmt/format.h>

#include "analyzer/report/json_report.h"

#include "analyzer/report/table.h"
#include "heapmodel/units.h"

namespace heapdoc {
namespace {

using nlohmann::ordered_json;

std::string ClassName(int class_id, uint64_t slot_bytes) {
  return class_id == 0 ? std::string("large") : fmt::format("{} ({} B)", class_id, slot_bytes);
}

std::string WorstClassCell(const FleetProfileRow& row) {
  if (!row.worst_class) return "-";
  const FleetWorstClass& c = *row.worst_class;
  return c.by_free_slots ? fmt::format("{}: {} free", ClassName(c.class_id, c.slot_bytes), FormatBytes(static_cast<int64_t>(c.free_slot_bytes)))
                         : fmt::format("{}: {} live", ClassName(c.class_id, c.slot_bytes), FormatBytes(c.live_bytes));
}

std::string SiteLocation(const std::string& file, int64_t line) {
  if (file.empty()) return "";
  auto slash = file.find_last_of('/');
  return fmt::format("{}:{}", slash == std::string::npos ? file : file.substr(slash + 1), line);
}

std::string WorstSiteCell(const FleetProfileRow& row) {
  if (!row.worst_site) return "-";
  const FleetWorstSite& s = *row.worst_site;
  std::string where = SiteLocation(s.file, s.line);
  return fmt::format("{}{} (cost {}, {} live)", s.function, where.empty() ? "" : " " + where,
                     FormatBytes(static_cast<int64_t>(s.cost_bytes)), FormatBytes(s.live_bytes));
}

std::string Summary(const FleetReport& fleet) {
  std::string out = fmt::format("{} of {} profiles analyzed", fleet.rows.size(), fleet.inputs);
  if (!fleet.errors.empty()) out += fmt::format(", {} error{}", fleet.errors.size(), fleet.errors.size() == 1 ? "" : "s");
  if (!fleet.skipped.empty()) out += fmt::format(", {} file{} skipped (not profiles)", fleet.skipped.size(), fleet.skipped.size() == 1 ? "" : "s");
  return out;
}

Table ProfilesTable(const FleetReport& fleet) {
  Table t({{"profile", Align::kLeft}, {"verdict", Align::kLeft}, {"fragmentation"}, {"live"}, {"min span bytes"},
           {"free slots"}, {"worst class", Align::kLeft}, {"worst site", Align::kLeft}});
  for (const FleetProfileRow& r : fleet.rows)
    t.AddRow({r.source, VerdictName(r.verdict), r.has_memstats ? FormatPercent(r.fragmentation_ratio) : "-",
              FormatBytes(r.live_bytes), FormatBytes(static_cast<int64_t>(r.min_span_bytes)),
              r.free_slot_bytes ? FormatBytes(static_cast<int64_t>(*r.free_slot_bytes)) : "-", WorstClassCell(r),
              WorstSiteCell(r)});
  return t;
}

Table RecurringClassesTable(const FleetReport& fleet) {
  Table t({{"class", Align::kLeft}, {"worst in"}, {"live (sum)"}, {"free slots (sum)"}});
  for (const RecurringClass& c : fleet.recurring_classes)
    t.AddRow({ClassName(c.class_id, c.slot_bytes), fmt::format("{} profiles", c.profiles), FormatBytes(c.live_bytes),
              c.free_slot_bytes ? FormatBytes(static_cast<int64_t>(c.free_slot_bytes)) : "-"});
  return t;
}

Table RecurringSitesTable(const FleetReport& fleet) {
  Table t({{"site", Align::kLeft}, {"where", Align::kLeft}, {"worst in"}, {"live (sum)"}});
  for (const RecurringSite& s : fleet.recurring_sites)
    t.AddRow({s.function, SiteLocation(s.file, s.line), fmt::format("{} profiles", s.profiles), FormatBytes(s.live_bytes)});
  return t;
}

}  // namespace

ordered_json BuildFleetJson(const FleetReport& fleet) {
  ordered_json profiles = ordered_json::array();
  for (const FleetProfileRow& r : fleet.rows) {
    ordered_json j = {{"source", r.source},
                      {"format", r.format},
                      {"go_version", r.go_version},
                      {"verdict", VerdictName(r.verdict)},
                      {"fragmentation_ratio", r.has_memstats ? ordered_json(r.fragmentation_ratio) : ordered_json(nullptr)},
                      {"heap_inuse_bytes", r.has_memstats ? ordered_json(r.heap_inuse_bytes) : ordered_json(nullptr)},
                      {"live_bytes", r.live_bytes},
                      {"live_objects", r.live_objects},
                      {"alloc_bytes", r.alloc_bytes},
                      {"min_span_bytes", r.min_span_bytes},
                      {"span_bytes", r.span_bytes},
                      {"free_slot_bytes", r.free_slot_bytes ? ordered_json(*r.free_slot_bytes) : ordered_json(nullptr)}};
    if (r.worst_class)
      j["worst_class"] = {{"class", r.worst_class->class_id},
                          {"size", r.worst_class->slot_bytes},
                          {"by", r.worst_class->by_free_slots ? "free_slot_bytes" : "live_bytes"},
                          {"free_slot_bytes", r.worst_class->by_free_slots ? ordered_json(r.worst_class->free_slot_bytes) : ordered_json(nullptr)},
                          {"live_bytes", r.worst_class->live_bytes}};
    else
      j["worst_class"] = nullptr;
    if (r.worst_site)
      j["worst_site"] = {{"function", r.worst_site->function}, {"file", r.worst_site->file},
                         {"line", r.worst_site->line},         {"size", r.worst_site->slot_bytes},
                         {"live_bytes", r.worst_site->live_bytes}, {"alloc_bytes", r.worst_site->alloc_bytes},
                         {"cost_bytes", r.worst_site->cost_bytes}};
    else
      j["worst_site"] = nullptr;
    profiles.push_back(std::move(j));
  }
  ordered_json classes = ordered_json::array();
  for (const RecurringClass& c : fleet.recurring_classes)
    classes.push_back({{"class", c.class_id}, {"size", c.slot_bytes}, {"profiles", c.profiles},
                       {"live_bytes", c.live_bytes}, {"free_slot_bytes", c.free_slot_bytes}});
  ordered_json sites = ordered_json::array();
  for (const RecurringSite& s : fleet.recurring_sites)
    sites.push_back({{"function", s.function}, {"file", s.file}, {"line", s.line}, {"profiles", s.profiles},
                     {"live_bytes", s.live_bytes}});
  ordered_json errors = ordered_json::array();
  for (const FleetError& e : fleet.errors) errors.push_back({{"source", e.source}, {"error", e.message}});
  return {{"fleet",
           {{"analyzed", fleet.rows.size()},
            {"inputs", fleet.inputs},
            {"profiles", profiles},
            {"recurring_classes", classes},
            {"recurring_sites", sites},
            {"errors", errors},
            {"skipped", fleet.skipped}}}};
}

std::string RenderFleetJson(const FleetReport& fleet) { return JsonText(BuildFleetJson(fleet)); }

std::string RenderFleetText(const FleetReport& fleet) {
  std::string out = fmt::format("heapdoc fleet: {}\n", Summary(fleet));
  if (!fleet.rows.empty()) {
    out += "\nProfiles, worst first (fragmentation needs MemStats: a URL's /debug/vars, or a ?debug=1 profile)\n";
    out += ProfilesTable(fleet).RenderText();
  }
  out += "\nRecurring worst size classes (the worst class of 2 or more profiles)\n";
  out += fleet.recurring_classes.empty() ? "  none\n" : RecurringClassesTable(fleet).RenderText();
  out += "\nRecurring worst allocation sites (the top site of 2 or more profiles)\n";
  out += fleet.recurring_sites.empty() ? "  none\n" : RecurringSitesTable(fleet).RenderText();
  if (!fleet.errors.empty()) {
    out += "\nErrors (skipped)\n";
    for (const FleetError& e : fleet.errors) out += fmt::format("  {}: {}\n", e.source, e.message);
  }
  if (!fleet.skipped.empty()) {
    out += "\nSkipped, plainly not profiles\n";
    for (const std::string& s : fleet.skipped) out += fmt::format("  {}\n", s);
  }
  return out;
}

std::string RenderFleetMarkdown(const FleetReport& fleet) {
  std::string out = fmt::format("# heapdoc fleet report\n\n{}.\n", Summary(fleet));
  if (!fleet.rows.empty()) out += "\n## Profiles, worst first\n\n" + ProfilesTable(fleet).RenderMarkdown();
  out += "\n## Recurring worst size classes\n\n";
  out += fleet.recurring_classes.empty() ? "None: no class is the worst of 2 or more profiles.\n"
                                         : RecurringClassesTable(fleet).RenderMarkdown();
  out += "\n## Recurring worst allocation sites\n\n";
  out += fleet.recurring_sites.empty() ? "None: no site is the top site of 2 or more profiles.\n"
                                       : RecurringSitesTable(fleet).RenderMarkdown();
  if (!fleet.errors.empty()) {
    out += "\n## Errors\n\n";
    for (const FleetError& e : fleet.errors) out += fmt::format("- `{}`: {}\n", e.source, MarkdownCell(e.message));
  }
  if (!fleet.skipped.empty()) {
    out += "\n## Skipped (plainly not profiles)\n\n";
    for (const std::string& s : fleet.skipped) out += fmt::format("- `{}`\n", s);
  }
  return out;
}

}  // namespace heapdoc
