// Ordered parallel extraction (see runner.h): a reader thread fills a ring of slots, workers
// analyse and format them, the calling thread writes them out in input order.
#include "cli/runner.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace quoth::cli {
namespace {

using Clock = std::chrono::steady_clock;

void report_failure(const Document& doc, const Analysis& a) {
  fmt::print(stderr, "quoth: {}: {}\n", doc.id, a.error->message);
}

class Progress {
 public:
  explicit Progress(bool on) : on_(on), start_(Clock::now()), last_(start_) {}
  void tick(const RunStats& s, bool final = false) {
    if (!on_) return;
    auto now = Clock::now();
    if (!final && now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    fmt::print(stderr, "\rquoth: {} documents, {:.1f} MB, {:.1f} MB/s{}", s.documents, s.bytes / 1e6,
               secs > 0 ? s.bytes / 1e6 / secs : 0.0, final ? "\n" : "");
  }

 private:
  bool on_;
  Clock::time_point start_, last_;
};

RunStats run_single(DocumentSource& source, const Pipeline& pipeline, const RecordWriter& writer,
                    OutputSink& sink, Progress& progress) {
  RunStats stats;
  Document doc;
  Analysis analysis;
  std::string out;
  bool first = true;
  while (source.next(doc)) {
    pipeline.analyze(doc, analysis);
    out.clear();
    if (!first) out += writer.separator();
    first = false;
    writer.format(doc, analysis, out);
    ++stats.documents;
    stats.bytes += doc.text.size();
    if (analysis.error) {
      ++stats.failed;
      report_failure(doc, analysis);
    }
    if (!sink.write(out)) break;
    progress.tick(stats);
  }
  return stats;
}

struct Slot {
  Document doc;
  Analysis analysis;
  std::string out;
  enum State { Free, Filled, Done } state = Free;
};

RunStats run_parallel(DocumentSource& source, const Pipeline& pipeline, const RecordWriter& writer,
                      OutputSink& sink, unsigned threads, Progress& progress) {
  RunStats stats;
  const size_t ring = std::max<size_t>(8, 4 * threads);
  std::vector<Slot> slots(ring);
  std::mutex mu;
  std::condition_variable slot_freed, work_ready, slot_done;
  std::deque<uint64_t> work;
  uint64_t end_seq = UINT64_MAX;  // set when the source is exhausted
  bool stop = false;

  std::thread reader([&] {
    for (uint64_t seq = 0;; ++seq) {
      Slot& slot = slots[seq % ring];
      {
        std::unique_lock lock(mu);
        slot_freed.wait(lock, [&] { return slot.state == Slot::Free || stop; });
        if (stop) return;
      }
      // The slot is ours alone until it is marked Filled.
      const bool more = source.next(slot.doc);
      std::lock_guard lock(mu);
      if (!more) {
        end_seq = seq;
        work_ready.notify_all();
        slot_done.notify_all();
        return;
      }
      slot.state = Slot::Filled;
      work.push_back(seq);
      work_ready.notify_one();
    }
  });

  std::vector<std::thread> workers;
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (;;) {
        uint64_t seq;
        {
          std::unique_lock lock(mu);
          work_ready.wait(lock, [&] { return !work.empty() || stop || end_seq != UINT64_MAX; });
          if (work.empty()) {
            if (stop || end_seq != UINT64_MAX) return;
            continue;
          }
          seq = work.front();
          work.pop_front();
        }
        Slot& slot = slots[seq % ring];
        pipeline.analyze(slot.doc, slot.analysis);
        slot.out.clear();
        if (seq > 0) slot.out += writer.separator();
        writer.format(slot.doc, slot.analysis, slot.out);
        std::lock_guard lock(mu);
        slot.state = Slot::Done;
        slot_done.notify_all();
      }
    });
  }

  for (uint64_t seq = 0;; ++seq) {
    Slot& slot = slots[seq % ring];
    {
      std::unique_lock lock(mu);
      slot_done.wait(lock, [&] { return slot.state == Slot::Done || seq >= end_seq; });
      if (slot.state != Slot::Done) break;  // seq == end_seq: all written
    }
    ++stats.documents;
    stats.bytes += slot.doc.text.size();
    if (slot.analysis.error) {
      ++stats.failed;
      report_failure(slot.doc, slot.analysis);
    }
    const bool ok = sink.write(slot.out);
    {
      std::lock_guard lock(mu);
      slot.state = Slot::Free;
      if (!ok) stop = true;
      slot_freed.notify_all();
      if (stop) work_ready.notify_all();
    }
    if (!ok) break;
    progress.tick(stats);
  }
  {
    std::lock_guard lock(mu);
    stop = true;
    slot_freed.notify_all();
    work_ready.notify_all();
  }
  reader.join();
  for (auto& w : workers) w.join();
  return stats;
}

}  // namespace

RunStats run_extract(DocumentSource& source, const Pipeline& pipeline, const RecordWriter& writer,
                     OutputSink& sink, const RunOptions& options) {
  const auto start = Clock::now();
  Progress progress(options.progress);
  sink.write(writer.header());
  RunStats stats = options.threads <= 1 ? run_single(source, pipeline, writer, sink, progress)
                                        : run_parallel(source, pipeline, writer, sink, options.threads, progress);
  if (!sink.closed_pipe() && sink.error().empty()) sink.write(writer.footer());
  stats.output_closed = sink.closed_pipe();
  stats.output_failed = !sink.closed_pipe() && !sink.error().empty();
  stats.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  progress.tick(stats, true);
  return stats;
}

}  // namespace quoth::cli
