// Output sink: buffered writes to stdout or an atomically renamed file (see output_sink.h).
#include "cli/output_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace quoth::cli {
namespace {

constexpr size_t kFlushAt = 1 << 20;

// The temporary file to remove on interruption (one sink at a time writes a file).
std::atomic<const char*> g_temp_path{nullptr};

void on_interrupt(int sig) {
  if (const char* p = g_temp_path.load()) unlink(p);
  signal(sig, SIG_DFL);
  raise(sig);
}

}  // namespace

void install_interrupt_cleanup() {
  signal(SIGPIPE, SIG_IGN);  // a closed pipe shows up as EPIPE from write()
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) signal(sig, on_interrupt);
}

OutputSink::~OutputSink() {
  if (direct_ && fd_ >= 0) close(fd_);
  if (!temp_path_.empty()) {
    g_temp_path.store(nullptr);
    if (fd_ >= 0) close(fd_);
    unlink(temp_path_.c_str());
  }
}

bool OutputSink::open(const std::string& path, std::string& error) {
  buffer_.reserve(kFlushAt + (1 << 16));
  if (path.empty() || path == "-") {
    fd_ = STDOUT_FILENO;
    return true;
  }
  path_ = path;
  // The file written keeps the mode of the one it replaces; a new file gets 0666 less the umask,
  // as a shell redirection would.
  const mode_t mask = umask(0);
  umask(mask);
  mode_t mode = 0666 & ~mask;
  struct stat st;
  if (stat(path.c_str(), &st) == 0) {
    mode = st.st_mode & 07777;
    if (S_ISDIR(st.st_mode)) {
      error = "cannot write " + path + ": it is a directory";
      return false;
    }
    if (!S_ISREG(st.st_mode)) {
      // A device or a named pipe (/dev/null, /dev/stdout, a FIFO): written in place, as a rename
      // over it would put a regular file where it stood.
      fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
      if (fd_ < 0) {
        error = "cannot open " + path + ": " + strerror(errno);
        return false;
      }
      direct_ = true;
      return true;
    }
    // A symbolic link stays one: the file it points to is replaced.
    std::error_code ec;
    const std::filesystem::path real = std::filesystem::canonical(path, ec);
    if (!ec) path_ = real.string();
  }
  std::string templ = path_ + ".tmp-XXXXXX";
  fd_ = mkstemp(templ.data());
  if (fd_ < 0) {
    error = "cannot create " + templ + ": " + strerror(errno);
    return false;
  }
  fchmod(fd_, mode);
  temp_path_ = templ;
  g_temp_path.store(temp_path_.c_str());
  return true;
}

std::vector<std::pair<uint64_t, uint64_t>> OutputSink::files_written() const {
  std::vector<std::pair<uint64_t, uint64_t>> files;
  struct stat st;
  if (fd_ >= 0 && fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) files.emplace_back(st.st_dev, st.st_ino);
  if (!temp_path_.empty() && stat(path_.c_str(), &st) == 0 && S_ISREG(st.st_mode)) files.emplace_back(st.st_dev, st.st_ino);
  return files;
}

bool OutputSink::flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EPIPE) closed_pipe_ = true;
      else error_ = std::string("write failed: ") + strerror(errno);
      failed_ = true;
      buffer_.clear();
      return false;
    }
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
  return true;
}

bool OutputSink::write(std::string_view bytes) {
  if (failed_) return false;
  buffer_.append(bytes);
  if (buffer_.size() >= kFlushAt) return flush();
  return true;
}

bool OutputSink::commit() {
  if (failed_ || !flush()) return false;
  if (direct_) {
    const int fd = fd_;
    fd_ = -1;
    if (close(fd) != 0) {
      error_ = std::string("cannot close output: ") + strerror(errno);
      return false;
    }
    return true;
  }
  if (temp_path_.empty()) return true;
  if (fsync(fd_) != 0 && errno != EINVAL) {
    error_ = std::string("cannot sync output: ") + strerror(errno);
    return false;
  }
  close(fd_);
  fd_ = -1;
  if (rename(temp_path_.c_str(), path_.c_str()) != 0) {
    error_ = "cannot rename " + temp_path_ + " to " + path_ + ": " + strerror(errno);
    return false;
  }
  g_temp_path.store(nullptr);
  temp_path_.clear();
  return true;
}

}  // namespace quoth::cli
