// Ordered parallel extraction (see runner.h): a reader thread fills a ring of slots, workers
// analyse and format them, the calling thread writes them out in input order.
#include "cli/runner.h"

#include "cli/progress.h"

#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

namespace quoth::cli {
namespace {

using Clock = std::chrono::steady_clock;

void report_failure(const Document& doc, const Analysis& a) {
  const std::string& msg = a.error->message;
  if (msg.starts_with(doc.id)) fmt::print(stderr, "quoth: {}\n", msg);
  else fmt::print(stderr, "quoth: {}: {}\n", doc.id, msg);
}

// Writes a record's bytes to the sink as the writer formats them; `ok` turns false once the sink
// refuses them (what follows is dropped).
class SinkDrain final : public RecordDrain {
 public:
  explicit SinkDrain(OutputSink& sink) : sink_(sink) {}
  void take(std::string& bytes) override {
    if (ok) ok = sink_.write(bytes);
    bytes.clear();
  }
  bool ok = true;

 private:
  OutputSink& sink_;
};

// A batch is at most 128 documents or 64 KiB of text (a few milliseconds of work). The pipeline
// runs each stage over a whole batch (Pipeline::analyze_batch), which keeps the stage's tables in
// the caches. Across threads a batch is also the unit of work: enough to make the locking
// negligible, small enough that the workers finish nearly together at the end of the input (with
// 1 MiB batches, a 0.75 MB corpus made two batches and -j 2 gained little).
constexpr size_t kBatchDocs = 128;
constexpr size_t kBatchBytes = 64 << 10;
// A batch's document slot that held more text than this gives its memory back once written, so
// that memory does not grow with the number of large documents.
constexpr size_t kKeepBytes = 1 << 20;

// Reads the next batch into docs[0, count) (docs grows as needed). False once the input is over:
// this batch, possibly empty, is the last.
bool read_batch(DocumentSource& source, std::vector<Document>& docs, size_t& count) {
  count = 0;
  size_t bytes = 0;
  while (count < kBatchDocs && bytes < kBatchBytes) {
    if (docs.size() <= count) docs.emplace_back();
    if (!source.next(docs[count])) return false;
    bytes += docs[count].text.size();
    ++count;
  }
  return true;
}

// Gives back the memory of the slots whose document was large (see kKeepBytes).
void release_large(std::vector<Document>& docs, std::vector<Analysis>& analyses, size_t count) {
  for (size_t i = 0; i < count; ++i)
    if (docs[i].text.capacity() > kKeepBytes) {
      docs[i] = Document();
      analyses[i] = Analysis();
    }
}

RunStats run_single(DocumentSource& source, const Pipeline& pipeline, const RecordWriter& writer,
                    OutputSink& sink, Progress& progress) {
  RunStats stats;
  std::vector<Document> docs;
  std::vector<Analysis> analyses;
  size_t count = 0;
  std::string out;
  SinkDrain drain(sink);
  bool first = true;
  for (bool more = true; more;) {
    more = read_batch(source, docs, count);
    if (analyses.size() < count) analyses.resize(count);
    pipeline.analyze_batch(std::span<const Document>(docs).first(count), analyses);
    for (size_t i = 0; i < count; ++i) {
      out.clear();
      if (!first) out += writer.separator();
      first = false;
      writer.format(docs[i], analyses[i], out, &drain);
      ++stats.documents;
      stats.bytes += docs[i].text.size();
      if (analyses[i].error) {
        ++stats.failed;
        report_failure(docs[i], analyses[i]);
      }
      if (!drain.ok || !sink.write(out)) return stats;
      progress.tick(stats.documents, stats.bytes);
    }
    release_large(docs, analyses, count);
  }
  return stats;
}

// A batch of consecutive documents: workers take whole batches so that locking costs little
// next to the work, even for short documents.
struct Slot {
  std::vector<Document> docs;
  std::vector<Analysis> analyses;
  size_t count = 0;  // documents in use (the vectors keep their size to reuse buffers)
  std::string out;
  enum State { Free, Filled, Done } state = Free;
};

// A worker's output for one batch, written straight to the sink once it grows past kHeadDrainBytes
// (a very large document): the worker waits until every earlier batch is written (its batch is
// then the one the writing thread waits for, so the sink is the worker's alone), then writes.
// Batches of ordinary documents stay well below the threshold and never wait.
constexpr size_t kHeadDrainBytes = 8 << 20;

class HeadDrain final : public RecordDrain {
 public:
  HeadDrain(OutputSink& sink, std::mutex& mu, std::condition_variable& head_moved, const uint64_t& written,
            const bool& stop, uint64_t seq)
      : sink_(sink), mu_(mu), head_moved_(head_moved), written_(written), stop_(stop), seq_(seq) {
    threshold = kHeadDrainBytes;
  }
  void take(std::string& bytes) override {
    {
      std::unique_lock lock(mu_);
      head_moved_.wait(lock, [&] { return written_ == seq_ || stop_; });
      if (stop_) ok_ = false;
    }
    if (ok_) ok_ = sink_.write(bytes);  // a failed sink stays failed: the writing thread sees it too
    bytes.clear();
  }

 private:
  OutputSink& sink_;
  std::mutex& mu_;
  std::condition_variable& head_moved_;
  const uint64_t& written_;
  const bool& stop_;
  const uint64_t seq_;
  bool ok_ = true;
};

RunStats run_parallel(DocumentSource& source, const Pipeline& pipeline, const RecordWriter& writer,
                      OutputSink& sink, unsigned threads, Progress& progress) {
  RunStats stats;
  const size_t ring = 2 * threads + 2;  // bounds the documents in flight
  std::vector<Slot> slots(ring);
  std::mutex mu;
  std::condition_variable slot_freed, work_ready, slot_done, head_moved;
  std::deque<uint64_t> work;
  uint64_t written = 0;  // batches before this one are all written
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
      const bool more = read_batch(source, slot.docs, slot.count);
      std::lock_guard lock(mu);
      if (slot.count > 0) {
        slot.state = Slot::Filled;
        work.push_back(seq);
        work_ready.notify_one();
      }
      if (!more) {
        end_seq = slot.count > 0 ? seq + 1 : seq;
        work_ready.notify_all();
        slot_done.notify_all();
        return;
      }
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
          if (work.empty()) return;
          seq = work.front();
          work.pop_front();
        }
        Slot& slot = slots[seq % ring];
        if (slot.analyses.size() < slot.count) slot.analyses.resize(slot.count);
        slot.out.clear();
        HeadDrain drain(sink, mu, head_moved, written, stop, seq);
        pipeline.analyze_batch(std::span<const Document>(slot.docs).first(slot.count), slot.analyses);
        for (size_t i = 0; i < slot.count; ++i) {
          if (seq > 0 || i > 0) slot.out += writer.separator();
          writer.format(slot.docs[i], slot.analyses[i], slot.out, &drain);
        }
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
    for (size_t i = 0; i < slot.count; ++i) {
      ++stats.documents;
      stats.bytes += slot.docs[i].text.size();
      if (slot.analyses[i].error) {
        ++stats.failed;
        report_failure(slot.docs[i], slot.analyses[i]);
      }
    }
    const bool ok = sink.write(slot.out);
    release_large(slot.docs, slot.analyses, slot.count);
    {
      std::lock_guard lock(mu);
      slot.state = Slot::Free;
      written = seq + 1;
      if (!ok) stop = true;
      slot_freed.notify_all();
      head_moved.notify_all();
      if (stop) work_ready.notify_all();
    }
    if (!ok) break;
    progress.tick(stats.documents, stats.bytes);
  }
  {
    std::lock_guard lock(mu);
    stop = true;
    slot_freed.notify_all();
    work_ready.notify_all();
    head_moved.notify_all();
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
  progress.tick(stats.documents, stats.bytes, true);
  return stats;
}

}  // namespace quoth::cli
