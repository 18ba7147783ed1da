// Where records go: standard output, or a file written atomically (a temporary file beside it,
// renamed over it only when the run completes; through a symbolic link, over the file it points
// to). A device or named pipe given as the file (/dev/null, a FIFO) is written in place. A reader
// that closes the pipe ends the run quietly.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace quoth::cli {

class OutputSink {
 public:
  OutputSink() = default;
  OutputSink(const OutputSink&) = delete;
  OutputSink& operator=(const OutputSink&) = delete;
  ~OutputSink();

  // Opens "-" (standard output) or `path` (through a temporary file). False and `error` on failure.
  bool open(const std::string& path, std::string& error);

  // Buffers and writes `bytes`. False once the output is gone: the reader closed the pipe
  // (closed_pipe() is then true) or a write failed (error() says why).
  bool write(std::string_view bytes);

  // Flushes; for a file, renames the temporary file over the target. False and error() on failure.
  bool commit();

  // The regular files this sink writes (the temporary file, the file it replaces, or standard
  // output redirected to a file), as (device, inode) pairs: a directory walk must not read them.
  std::vector<std::pair<uint64_t, uint64_t>> files_written() const;

  bool closed_pipe() const { return closed_pipe_; }
  const std::string& error() const { return error_; }

 private:
  bool flush();

  int fd_ = -1;
  std::string path_;
  std::string temp_path_;
  std::string buffer_;
  bool direct_ = false;  // fd_ is the target itself (a device or a FIFO), nothing to rename
  bool closed_pipe_ = false;
  bool failed_ = false;
  std::string error_;
};

// Removes the temporary file of the sink being written when the process is interrupted
// (SIGINT, SIGTERM, SIGHUP), so no half file is left behind. Call once at start-up.
void install_interrupt_cleanup();

}  // namespace quoth::cli
