import Foundation
import Testing
import TestSupport

@Suite struct BenchCommandTests {
    @Test func gemmReportsJSONWithTheHeadlineFields() throws {
        let result = try runUnveil(["bench", "gemm", "--input-size", "128", "--runs", "1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        for key in ["images_per_second", "gflops", "sgemm_gflops"] {
            #expect(object?[key] != nil, "missing \(key) in \(result.stdout)")
        }
    }

    @Test func lightCNN9TrainingStepPrintsAPerLayerTable() throws {
        let result = try runUnveil(["bench", "lightcnn9-train", "--input-size", "16", "--batch-size", "2",
                                    "--runs", "1", "--classes", "10"])
        #expect(result.status == 0, "\(result.stderr)")
        for layer in ["features.0", "features.7.conv", "fc1", "fc2"] {
            #expect(result.stdout.contains(layer), "no row for \(layer) in \(result.stdout)")
        }
        #expect(result.stdout.contains("% of sgemm"))
    }

    @Test func inputSizeMustBeAMultipleOf16() throws {
        let result = try runUnveil(["bench", "lightcnn9-embed", "--input-size", "20"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("multiple of 16"))
    }

    @Test func unknownWorkloadIsRejected() throws {
        let result = try runUnveil(["bench", "resnet"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("lightcnn9-train"))
    }
}
