import Deocclusion
import Evaluation

/// The "Set-up" section: data, models, training settings, seeds, software and wall times.
struct SetupSection {
    var setup: StudySetup
    /// The conditions the study scored, in report order.
    var conditions: [ConditionID]
    var labels: ConditionLabels

    private typealias Cell = HTML.Cell

    var html: String {
        let s = setup, config = setup.config, counts = setup.counts
        var html = "<div class=\"setup-grid\">\n"
        html += keyValues("Data", [
            ("Protocol", "\(s.protocolName) (\(s.protocolPath))"), ("Dataset", s.dataset),
            ("Image size", "\(s.imageSize) × \(s.imageSize)"),
            ("Training", "\(counts.trainImages) images, \(counts.trainIdentities) identities"),
            ("Gallery", "\(counts.galleryImages) images"),
            ("Probes", "\(counts.probeImages) images, \(counts.probeIdentities) identities"),
            ("With ground truth", "\(counts.probesWithGroundTruth) probes"),
        ])
        let r = config.recognizer
        html += keyValues("Recognizer (LightCNN-9)", [
            ("Preset", r.preset.rawValue), ("Epochs", "\(r.epochs)"), ("Batch size", "\(r.batchSize)"),
            ("Learning rate", "\(r.learningRate)"), ("Seed", "\(r.seed)"),
        ])
        let o = config.oagan
        html += keyValues("De-occluders", config.deoccluders.map { ("Compared", $0) } + [
            ("OA-GAN epochs", "\(o.epochs)"), ("OA-GAN batch size", "\(o.batchSize)"),
            ("OA-GAN learning rate", "\(o.learningRate)"), ("Perceptual network", s.perceptualNetwork), ("OA-GAN seed", "\(o.seed)"),
            ("OA-GAN recipe", o.isPaperRecipe ? "the paper's losses"
                : "not the paper's: mask supervision \(o.maskSupervision) (\(o.maskLoss.rawValue)) on paired batches, "
                  + "first \(Int((o.warmupFraction * 100).rounded())) % of steps generator-only warm-up, "
                  + "mask-head bias " + (o.maskBias.map { "starting at \($0)" } ?? "off")
                  + (o.freshOcclusions ? ", a new occluder pasted on each paired face per draw" : "")),
        ])
        html += keyValues("Statistics", [
            ("Conditions", conditions.map(labels.condition).joined(separator: "; ")), ("Bootstrap resamples", "\(config.bootstrapSamples)"),
            ("Area bins (upper edges)", config.areaBins.map { "\($0)" }.joined(separator: ", ")),
            ("Seeds", "occlusion \(config.seeds.occlusion), bootstrap \(config.seeds.bootstrap), strips \(config.seeds.strips)"),
        ])
        html += keyValues("Software", s.versions.map { ($0.name, $0.value) } + [
            ("OpenBLAS kernel", "\(s.blasKernel), \(s.blasThreads) thread\(s.blasThreads == 1 ? "" : "s")"), ("Started", s.startedAt),
        ])
        if !s.stageTimes.isEmpty {
            let total = s.stageTimes.reduce(0) { $0 + $1.seconds }
            let rows: [[Cell]] = s.stageTimes.map { t in
                [.header(t.stage), .number(ReportFormat.string(t.seconds, as: .seconds) + (t.cached ? " (cached)" : ""))]
            } + [[.header("Total"), .number(ReportFormat.string(total, as: .seconds))]]
            html += "<div>" + HTML.table(caption: "Wall time (seconds)", headers: ["Stage", "Seconds"], numericColumns: [1], rows: rows, className: "kv") + "</div>\n"
        }
        html += "</div>\n"
        if !s.models.isEmpty {
            html += HTML.table(caption: "Models", headers: ["Role", "Architecture", "Parameters", "Epochs", "Checkpoint"],
                               numericColumns: [2, 3], rows: s.models.map { m in
                                   [.header(m.role), .text(m.architecture), .number(ReportFormat.string(m.parameters)),
                                    .number(ReportFormat.string(m.epochs)), Cell(html: "<span class=\"path\">\(HTML.escape(m.checkpoint))</span>")]
                               })
        }
        return html
    }

    private func keyValues(_ title: String, _ pairs: [(String, String)]) -> String {
        "<div>" + HTML.table(caption: title, headers: ["Item", "Value"], rows: pairs.map { [.header($0.0), .text($0.1)] }, className: "kv") + "</div>\n"
    }
}
