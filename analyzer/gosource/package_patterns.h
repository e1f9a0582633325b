// Go package patterns as `go vet` takes them, turned into the directories and files heapdoc
// reads: `./...`, `./pkg/...`, `...`, and import paths inside the module whose go.mod is in the
// current directory or above it (`example.com/shop/store/...`). Anything else is passed through.
#pragma once

#include <string>
#include <vector>

namespace heapdoc::gosource {

std::vector<std::string> ResolvePackagePatterns(const std::vector<std::string>& patterns);

}  // namespace heapdoc::gosource
