#include "JsonValidator.h"

#include "ParsedJson.h"

#include <mutex>
#include <string_view>
#include <vector>

namespace clawops::gateway {

namespace {

// Parsed documents come back here when their frame is done with them: allocating a fresh tape
// for every frame was a tenth of the ingest path. Frames may outlive the validator (and, in
// principle, be dropped on another thread), so the pool is shared and locked.
class DocumentPool : public std::enable_shared_from_this<DocumentPool>
{
public:
    ~DocumentPool()
    {
        for (ParsedJson *document : m_free)
            delete document;
    }

    std::shared_ptr<ParsedJson> acquire()
    {
        ParsedJson *document = nullptr;
        {
            const std::lock_guard lock(m_mutex);
            if (!m_free.empty()) {
                document = m_free.back();
                m_free.pop_back();
                m_freeCapacity -= document->doc.capacity();
            }
        }
        if (!document)
            document = new ParsedJson;
        return std::shared_ptr<ParsedJson>(
            document, [pool = shared_from_this()](ParsedJson *used) { pool->release(used); });
    }

private:
    // Frames parsed on the socket's thread wait in batches for the engine thread, so a few
    // hundred may be alive at once. The free ones are bounded by the text they can hold (a
    // document takes about ten times that: ~20 MB at most), and an occasional huge one is not
    // kept.
    static constexpr size_t kMaxFreeCapacity = size_t(2) << 20;
    static constexpr size_t kMaxKeptCapacity = size_t(1) << 20;

    void release(ParsedJson *document)
    {
        const size_t capacity = document->doc.capacity();
        if (capacity <= kMaxKeptCapacity) {
            const std::lock_guard lock(m_mutex);
            if (m_freeCapacity + capacity <= kMaxFreeCapacity) {
                m_free.push_back(document);
                m_freeCapacity += capacity;
                return;
            }
        }
        delete document;
    }

    std::mutex m_mutex;
    std::vector<ParsedJson *> m_free;
    size_t m_freeCapacity = 0; // of the documents in m_free
};

} // namespace

struct JsonValidator::State
{
    simdjson::dom::parser parser;
    std::shared_ptr<DocumentPool> documents = std::make_shared<DocumentPool>();
};

JsonValidator::JsonValidator()
    : d(std::make_unique<State>())
{}

JsonValidator::~JsonValidator() = default;

bool JsonValidator::isValid(QByteArrayView text)
{
    simdjson::dom::element root;
    // The parser copies the text into its own padded buffer, reused from call to call.
    return d->parser.parse(text.data(), size_t(text.size()), true).get(root) == simdjson::SUCCESS;
}

std::shared_ptr<const ParsedJson> JsonValidator::parse(QByteArrayView text)
{
    std::shared_ptr<ParsedJson> document = d->documents->acquire();
    simdjson::dom::element root;
    if (d->parser.parse_into_document(document->doc, text.data(), size_t(text.size()), true)
            .get(root) != simdjson::SUCCESS)
        return nullptr;
    return document;
}

} // namespace clawops::gateway
