package io.xaa.keycloak.it;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin console in Debian's headless chromium, driven through Debian's chromedriver (so Selenium Manager
 * never downloads a browser or a driver), with the Cross App Access pages' controls by name.
 * <p>
 * A console stays signed in for the whole test run, one per console realm and user, as an admin keeps one browser
 * open: a browser start and a sign-in cost about 7 s on 2 cores, and the browser tests made 21 of them. Each test
 * still enters its pages the way a person does ({@link #open}, {@link #deepLink}, {@link #reload}); closing a console
 * checks the browser console's errors of that test and leaves one tab.
 */
final class AdminConsole implements AutoCloseable {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** Where every browser test saves its screenshots (the README's screens are copied from here). */
    static final Path SCREENSHOTS = Path.of(System.getProperty("build.dir"), "screenshots");
    /** The signed-in consoles of this run, by console URL and user; their browsers end with the test JVM. */
    private static final Map<String, AdminConsole> SIGNED_IN = new HashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> SIGNED_IN.values().forEach(AdminConsole::quit)));
    }

    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final String consoleUrl;
    private final Path profile;
    /** The tab the console signed in on; {@link #deepLink} opens others. */
    private final String firstTab;

    /**
     * The console of {@code consoleRealm} (/admin/{consoleRealm}/console/), signed in as {@code username}: the one
     * this run already has, or a new browser that signs in through the login page.
     */
    static synchronized AdminConsole signedIn(String baseUrl, String consoleRealm, String username, String password) {
        return SIGNED_IN.computeIfAbsent(baseUrl + "/admin/" + consoleRealm + "/console/ " + username, key -> {
            AdminConsole console = new AdminConsole(baseUrl, consoleRealm);
            console.login(username, password);
            return console;
        });
    }

    private AdminConsole(String baseUrl, String consoleRealm) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        try {
            profile = Files.createTempDirectory("xaa-chromium-");
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,800", "--user-data-dir=" + profile);
        // The browser's console, read after every page: the extension's pages must log no error.
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build(), options);
        firstTab = driver.getWindowHandle();
        wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        this.consoleUrl = baseUrl + "/admin/" + consoleRealm + "/console/";
    }

    private void login(String username, String password) {
        driver.get(consoleUrl);
        until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".pf-v5-c-page__sidebar nav")));
    }

    /**
     * Opens a console route on a freshly loaded page, as entering its address does. On the console itself the address
     * is pushed without a history event (so the old page's router does not start rendering the route) and the page is
     * reloaded: one load, and the route is a history entry as a hash navigation makes it.
     */
    void open(String route) {
        if (driver.getCurrentUrl().startsWith(consoleUrl)) {
            script("history.pushState(null, '', arguments[0])", consoleUrl + "#" + route);
            driver.navigate().refresh();
        } else {
            driver.get(consoleUrl + "#" + route);
        }
        until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".pf-v5-c-page__main")));
    }

    /** Opens a console route as a deep link: a new tab that starts at the route (after the sign-in cookie is set). */
    void deepLink(String route) {
        driver.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        driver.get(consoleUrl + "#" + route);
        until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".pf-v5-c-page__main")));
    }

    void reload() {
        driver.navigate().refresh();
        until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".pf-v5-c-page__main")));
    }

    /** The browser's back and forward buttons: the console's history is its hash routes. */
    void back() {
        driver.navigate().back();
    }

    void forward() {
        driver.navigate().forward();
    }

    /** Waits until the console shows the route (the part of the address after '#'). */
    void awaitRoute(String route) {
        until(ExpectedConditions.urlToBe(consoleUrl + "#" + route));
    }

    /** The route the console shows: the part of the address after '#'. */
    String route() {
        String url = driver.getCurrentUrl();
        return url.substring(url.indexOf('#') + 1);
    }

    /**
     * Every visible text, placeholder and label on the page that looks like a message key (one camelCase word such
     * as {@code xaaSection}): what the console shows for a key no bundle has. Waits for the page to settle first.
     */
    List<String> keyLikeTexts() {
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".pf-v5-c-spinner")));
        @SuppressWarnings("unchecked")
        List<String> texts = (List<String>) ((JavascriptExecutor) driver).executeScript("""
                const found = [];
                const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  const parent = node.parentElement;
                  if (parent && parent.offsetParent !== null) found.push(node.textContent.trim());
                }
                document.querySelectorAll('[placeholder], [aria-label], [title]').forEach((element) =>
                  ['placeholder', 'aria-label', 'title'].forEach((name) => element.getAttribute(name) && found.push(element.getAttribute(name).trim())));
                return found;
                """);
        return texts.stream().filter(text -> text.matches("[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+")).distinct().toList();
    }

    /**
     * The browser console's error lines since the last call (Chromium hands each line out once). A refused HTTP
     * request is logged by the browser itself ("Failed to load resource"), not by a page: the pages show those.
     */
    private List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(entry -> entry.getMessage())
                .filter(message -> !message.contains("Failed to load resource"))
                .toList();
    }

    WebElement find(By by) {
        return until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits; on a timeout the window is saved as failure-*.png first, to show what the page showed instead. */
    <T> T until(java.util.function.Function<? super org.openqa.selenium.WebDriver, T> condition) {
        try {
            return wait.until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            saveWindow("failure-" + System.currentTimeMillis());
            throw e;
        }
    }

    WebElement testId(String id) {
        return find(byTestId(id));
    }

    static By byTestId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    void click(By by) {
        until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    void type(String id, String text) {
        WebElement input = find(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    /** A chip list: each value is typed and confirmed with Enter. */
    void addValues(String id, String... values) {
        WebElement input = find(By.id(id));
        for (String value : values) {
            input.sendKeys(value, Keys.ENTER);
        }
    }

    void pick(String selectId, String option) {
        pick(selectId, option, option);
    }

    /** A typeahead picker: types what the admin would type, then clicks the option it offers. */
    void pick(String selectId, String typed, String option) {
        find(By.id(selectId + "-input")).sendKeys(typed);
        click(byTestId(selectId + "-option-" + option));
    }

    void select(String id, String visibleText) {
        new Select(find(By.id(id))).selectByVisibleText(visibleText);
    }

    void search(String tableId, String text) {
        WebElement input = find(By.cssSelector("[data-testid='" + tableId + "-search'] input"));
        input.clear();
        input.sendKeys(text, Keys.ENTER);
    }

    /** Runs a row's kebab action, then confirms the dialog that asks for it. */
    void rowAction(By row, String action) {
        find(row).findElement(By.cssSelector("button[aria-label='Kebab toggle']")).click();
        click(By.xpath("//button[.//*[normalize-space()='" + action + "'] or normalize-space()='" + action + "']"));
    }

    void confirm() {
        click(By.id("modal-confirm"));
        until(ExpectedConditions.invisibilityOfElementLocated(By.id("modal-confirm")));
    }

    void awaitAlert(String text) {
        until(ExpectedConditions.textToBePresentInElementLocated(byTestId("xaa-alerts"), text));
    }

    void awaitText(By by, String text) {
        until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** Scrolls an element into the window, so that a screenshot shows it. */
    void scrollTo(By by) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", find(by));
    }

    /** Runs JavaScript in the page: measurements a test makes the way the browser lays the page out. */
    Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /**
     * Sets an input's value as typing would, so React sees the change: for inputs whose typing depends on the
     * browser's locale, such as {@code datetime-local}.
     */
    void setValue(String id, String value) {
        script("""
                const input = arguments[0];
                Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, arguments[1]);
                input.dispatchEvent(new Event('input', { bubbles: true }));
                """, find(By.id(id)), value);
    }

    /** Saves the window as {@code <build.dir>/screenshots/<name>.png} once the page has settled. */
    Path screenshot(String name) {
        wait.until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".pf-v5-c-spinner")));
        return saveWindow(name);
    }

    private Path saveWindow(String name) {
        try {
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends this test's use: the tabs its deep links opened are closed, and its pages must have logged no error. */
    @Override
    public void close() {
        List<String> errors = consoleErrors();
        for (String tab : driver.getWindowHandles()) {
            if (!tab.equals(firstTab)) {
                driver.switchTo().window(tab).close();
            }
        }
        driver.switchTo().window(firstTab);
        if (!errors.isEmpty()) {
            throw new AssertionError("console.error lines from the console's pages: " + errors);
        }
    }

    private void quit() {
        try {
            driver.quit();
        } finally {
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A leftover profile in /tmp is harmless.
        }
    }
}
