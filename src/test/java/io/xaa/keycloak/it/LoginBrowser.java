package io.xaa.keycloak.it;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A headless Debian chromium on Keycloak's login pages, with its own profile, so each instance starts without
 * an SSO cookie. The driver and browser are Debian's; Selenium Manager is skipped because the driver's path is
 * given, so nothing is downloaded.
 */
final class LoginBrowser implements AutoCloseable {

    /** Where the authorization server sends the browser back; nothing listens, the code is read from the URL. */
    static final String CALLBACK = "http://localhost:18199/callback";

    /** The page Keycloak shows, or the callback it redirected to. */
    enum Page { PASSWORD, OTP, CALLBACK, OTHER }

    private final Path profile;
    private final ChromeDriver driver;

    private LoginBrowser(Path profile, ChromeDriver driver) {
        this.profile = profile;
        this.driver = driver;
    }

    static LoginBrowser start() throws IOException {
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        Path profile = Files.createTempDirectory("xaa-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1024,900", "--user-data-dir=" + profile);
        try {
            return new LoginBrowser(profile, new ChromeDriver(options));
        } catch (RuntimeException e) {
            delete(profile);
            throw e;
        }
    }

    /**
     * Navigates to {@code url}. A redirect straight to the callback (an SSO login that needs no form) ends on a
     * refused connection, which chromedriver reports as an error; {@link #page()} then tells CALLBACK.
     */
    void open(String url) {
        try {
            driver.get(url);
        } catch (WebDriverException e) {
            if (!driver.getCurrentUrl().startsWith(CALLBACK)) {
                throw e;
            }
        }
    }

    /** Waits until a login form or the callback is shown and tells which. */
    Page page() {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> current() != Page.OTHER);
        return current();
    }

    private Page current() {
        if (driver.getCurrentUrl().startsWith(CALLBACK)) {
            return Page.CALLBACK;
        }
        if (!driver.findElements(By.id("otp")).isEmpty()) {
            return Page.OTP;
        }
        return driver.findElements(By.id("password")).isEmpty() ? Page.OTHER : Page.PASSWORD;
    }

    /** Fills the password form; on re-authentication Keycloak already knows the user and shows no username field. */
    void password(String username, String password) {
        List<WebElement> usernameField = driver.findElements(By.id("username"));
        if (!usernameField.isEmpty() && usernameField.get(0).isDisplayed()) {
            usernameField.get(0).clear();
            usernameField.get(0).sendKeys(username);
        }
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    void otp(String code) {
        driver.findElement(By.id("otp")).sendKeys(code);
        driver.findElement(By.id("kc-login")).click();
    }

    /** The query parameters of the callback URL (code, state, iss; or error). */
    Map<String, String> callback() {
        String query = URI.create(driver.getCurrentUrl()).getRawQuery();
        return Arrays.stream(query == null ? new String[0] : query.split("&"))
                .map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> decode(pair[0]), pair -> pair.length > 1 ? decode(pair[1]) : ""));
    }

    /** Diagnostics for a failed assertion: where the browser is and what the page says (never a token). */
    String describe() {
        return driver.getCurrentUrl().replaceAll("code=[^&]+", "code=…") + " | " + driver.getTitle();
    }

    Path screenshot(Path directory, String name) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            delete(profile);
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
