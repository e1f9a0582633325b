// The fleet view of `heapdoc analyze` on many profiles: one row per profile (worst first), what
// recurs across them, and the inputs that failed. Text, Markdown and JSON
// ({"fleet": {"profiles", "recurring_classes", "recurring_sites", "errors", ...}}).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "analyzer/fleet/fleet_analysis.h"

namespace heapdoc {

nlohmann::ordered_json BuildFleetJson(const FleetReport& fleet);
std::string RenderFleetJson(const FleetReport& fleet);
std::string RenderFleetText(const FleetReport& fleet);
std::string RenderFleetMarkdown(const FleetReport& fleet);

}  // namespace heapdoc
