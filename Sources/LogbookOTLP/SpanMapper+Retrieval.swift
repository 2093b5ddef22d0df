extension SpanMapper {
    /// A retrieval: one document.retrieved per document, at the span's end (when the documents
    /// arrived). OpenInference sends `retrieval.documents.N.document.{id,content,score,metadata}`;
    /// GenAI `gen_ai.retrieval.documents`, an array of objects. A retrieval with no documents is
    /// recorded as span.recorded.
    mutating func mapRetrieval() {
        let documents: [JSONValue]
        if attributes.contains(prefix: "retrieval.documents.") {
            let tree = FlattenedAttributes.tree(attributes.take(prefix: "retrieval.documents."))
            documents = tree.arrayValue ?? [tree]
        } else if let value = attributes.peek("gen_ai.retrieval.documents"), let array = ChatMessages.value(value).arrayValue {
            _ = attributes.take("gen_ai.retrieval.documents")
            documents = array
        } else {
            return
        }
        let query = attributes.take("gen_ai.retrieval.query.text").map(JSONValue.init) ?? takeInputValue()
        for (index, document) in documents.enumerated() {
            let fields = document.objectValue?["document"]?.objectValue ?? document.objectValue ?? JSONObject([("content", document)])
            var payload = JSONObject()
            var metadata = fields["metadata"].map { $0.stringValue.flatMap(JSONParser.parse) ?? $0 }
            let title = fields["title"]?.stringValue ?? metadata?.objectValue?["title"]?.stringValue
                ?? fields["id"].map { $0.stringValue ?? String(decoding: $0.bytes, as: UTF8.self) } ?? "document \(index + 1)"
            payload.set("title", title)
            payload.set("content", fields["content"].map { $0.stringValue ?? String(decoding: $0.bytes, as: UTF8.self) } ?? "")
            if let value = metadata, value.objectValue == nil {
                payload.set("raw_metadata", value)
                metadata = nil
            }
            payload.set("metadata", metadata)
            for (key, value) in fields.members where !["title", "content", "metadata"].contains(key) {
                payload.set(key == "id" ? "document_id" : key, value)
            }
            payload.set("index", .int(Int64(index)))
            payload.set("query", query)
            payload.set("retriever", span.name)
            payload.set("span_id", spanID)
            emit(
                "document.retrieved", role: "document.retrieved:\(index)", at: endNano, rank: Rank.document + index,
                primary: index == 0, payload)
        }
    }
}
