// A scratch directory for a test's files, shared by the unit test files.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace quoth::testing {

// A new directory under the system's temporary directory, named by the process id and a count of
// the directories this process made: ctest runs test cases as parallel processes, which must not
// write or remove each other's files. Removed with everything in it when the object goes, also
// when a test fails.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    static std::atomic<unsigned> made{0};
    path = std::filesystem::temp_directory_path() /
           ("quoth-test-" + std::to_string(::getpid()) + "-" + std::to_string(made++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `bytes` to the file `name` in the directory (creating its parent directories) and
  // returns the file's path.
  std::string write(const std::string& name, const std::string& bytes) const {
    const std::filesystem::path p = path / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
    return p.string();
  }
};

}  // namespace quoth::testing
