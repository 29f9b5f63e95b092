package io.touchline.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium for browser tests, each with a fresh profile; screenshots land in
 * target/screenshots. Without chromium and chromedriver a test is skipped, on CI it fails.
 */
public final class Browsers implements AutoCloseable {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final List<WebDriver> drivers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    /** Call first in the test (or a @BeforeEach): skips the test without a browser, except on CI. */
    public static void require() {
        boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        if (!present && System.getenv("CI") != null) {
            fail("Browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian packages chromium and chromium-driver); CI must install them");
        }
        Assumptions.assumeTrue(present, "No " + CHROMIUM + " or " + CHROMEDRIVER + ": browser test skipped");
    }

    public WebDriver open() throws IOException {
        Path profile = Files.createTempDirectory("touchline-chromium-");
        profiles.add(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        return driver;
    }

    /** The whole page in one picture: the window grows to {@code height} first. */
    public static void screenshot(WebDriver driver, String fileName, int height) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Dimension size = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(size.getWidth(), height));
        try {
            Files.write(SCREENSHOTS.resolve(fileName), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.manage().window().setSize(size);
        }
    }

    /** Page source and picture of a failing step, for whoever reads the failure. */
    public static void dump(WebDriver driver, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource());
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not save " + name + ": " + e);
        }
    }

    @Override
    public void close() throws IOException {
        for (WebDriver driver : drivers) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                System.err.println("Could not quit the browser: " + e);
            }
        }
        drivers.clear();
        for (Path profile : profiles) {
            if (Files.exists(profile)) {
                try (Stream<Path> paths = Files.walk(profile)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        profiles.clear();
    }
}
