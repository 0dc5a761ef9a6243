import Testing
@testable import Imaging

@Test func imageSubscriptIsPlanar() {
    var image = Image(width: 3, height: 2, channels: 3)
    image[2, 1, 0] = 0.5
    #expect(image.pixels[2 * 6 + 1 * 3 + 0] == 0.5)
}

@Test func codecVersionsAreReported() {
    #expect(CodecVersions.png.hasPrefix("1."))
    #expect(CodecVersions.jpeg.split(separator: ".").count == 3)
}
