// quoth_make_tables TABLES_OUT RULES_OUT: writes the images of what start-up would otherwise build
// from the embedded data (data/image.h), for the build to embed: the entity recognizer's tables
// (EntityRecognizer::default_tables_image()) to TABLES_OUT and the compiled default attribution
// rules (Attributor::default_rules_image()) to RULES_OUT.
#include <cstdio>
#include <fstream>
#include <string>

#include "attribution/attributor.h"
#include "entity/entity_recognizer.h"

namespace {

// Writes `image` to `path`; false, with a message, when it cannot.
bool write_image(const std::string& image, const char* path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(image.data(), static_cast<std::streamsize>(image.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "quoth_make_tables: cannot write %s\n", path);
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: quoth_make_tables TABLES_OUT RULES_OUT\n");
    return 2;
  }
  const std::string tables = quoth::EntityRecognizer::default_tables_image();
  if (tables.empty()) {
    std::fprintf(stderr, "quoth_make_tables: the embedded lists do not load\n");
    return 1;
  }
  const std::string rules = quoth::Attributor::default_rules_image();
  if (rules.empty()) {
    std::fprintf(stderr, "quoth_make_tables: the embedded rules do not compile\n");
    return 1;
  }
  return write_image(tables, argv[1]) && write_image(rules, argv[2]) ? 0 : 1;
}
