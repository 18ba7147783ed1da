// quoth_make_tables OUT: writes the image of the entity recognizer's tables built from the
// embedded lists (EntityRecognizer::default_tables_image()) to OUT, for the build to embed.
#include <cstdio>
#include <fstream>
#include <string>

#include "entity/entity_recognizer.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: quoth_make_tables OUT\n");
    return 2;
  }
  const std::string image = quoth::EntityRecognizer::default_tables_image();
  if (image.empty()) {
    std::fprintf(stderr, "quoth_make_tables: the embedded lists do not load\n");
    return 1;
  }
  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out.write(image.data(), static_cast<std::streamsize>(image.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "quoth_make_tables: cannot write %s\n", argv[1]);
    return 1;
  }
  return 0;
}
