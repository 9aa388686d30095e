package io.settle.api.notification;

import static io.settle.api.security.TestKeys.ADMIN;
import static io.settle.api.security.TestKeys.AGENT;
import static io.settle.api.security.TestKeys.PORTAL;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.settle.api.security.SecurityConfiguration;
import io.settle.api.security.TestKeys;
import io.settle.notifications.template.NotificationTemplateEditor;
import io.settle.notifications.template.NotificationTemplates;
import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.notification.NotificationTemplateRepository;
import io.settle.persistence.notification.StoredNotificationTemplate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The template endpoints with the real editor and renderer over a mocked store. */
@WebMvcTest(NotificationTemplateController.class)
@Import({
  SecurityConfiguration.class,
  NotificationTemplateEditor.class,
  NotificationTemplates.class
})
@TestPropertySource(properties = "settle.api.bootstrap-token=stl_boot_test")
class NotificationTemplateControllerTest {

  private static final String PAID = "/api/v1/notification-templates/PAID";
  private static final String VALID =
      """
      {"subject": "Paid {{invoice.number}}", "htmlBody": "<p>{{amount}}</p>",
       "textBody": "{{amount}}"}
      """;

  @Autowired MockMvc mvc;
  @MockitoBean NotificationTemplateRepository repository;
  @MockitoBean ApiKeyRepository apiKeys;

  @BeforeEach
  void keys() {
    TestKeys.givenMerchantKeys(apiKeys);
  }

  @Test
  void withoutItsOwnTemplateAMerchantReadsTheDefaultAndTheVariables() throws Exception {
    given(repository.find(7, "PAID")).willReturn(Optional.empty());

    mvc.perform(get(PAID).header("Authorization", "Bearer " + AGENT))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.kind").value("PAID"))
        .andExpect(jsonPath("$.custom").value(false))
        .andExpect(jsonPath("$.subject").value("Payment received for invoice {{invoice.number}}"))
        .andExpect(jsonPath("$.variables[*].name", Matchers.hasItem("nextRetryDate")));
  }

  @Test
  void anAdminSavesAValidTemplate() throws Exception {
    Instant at = Instant.parse("2026-12-04T05:00:00Z");
    given(
            repository.save(
                anyLong(), anyString(), anyString(), anyString(), anyString(), any(Instant.class)))
        .willReturn(
            new StoredNotificationTemplate(
                7, "PAID", "Paid {{invoice.number}}", "<p>{{amount}}</p>", "{{amount}}", at));

    mvc.perform(
            put(PAID)
                .header("Authorization", "Bearer " + ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .content(VALID))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.custom").value(true))
        .andExpect(jsonPath("$.updatedAt").value("2026-12-04T05:00:00Z"));
  }

  @Test
  void aBrokenTemplateIsA422NamingPartAndLineAndIsNotSaved() throws Exception {
    mvc.perform(
            put(PAID)
                .header("Authorization", "Bearer " + ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"subject": "ok", "htmlBody": "<p>\\n{{#hasLink}}", "textBody": "{{nope}}"}
                    """))
        .andExpect(status().isUnprocessableContent())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:invalid-template"))
        .andExpect(jsonPath("$.errors[0].field").value("htmlBody"))
        .andExpect(jsonPath("$.errors[0].line").value(2))
        .andExpect(jsonPath("$.errors[1].field").value("textBody"))
        .andExpect(jsonPath("$.errors[1].message").value("unknown variable 'nope'"));
    then(repository)
        .should(never())
        .save(anyLong(), anyString(), anyString(), anyString(), anyString(), any());
  }

  @Test
  void onlyAnAdminChangesTemplatesAndAPortalKeySeesNone() throws Exception {
    mvc.perform(
            put(PAID)
                .header("Authorization", "Bearer " + AGENT)
                .contentType(MediaType.APPLICATION_JSON)
                .content(VALID))
        .andExpect(status().isForbidden());
    mvc.perform(delete(PAID).header("Authorization", "Bearer " + AGENT))
        .andExpect(status().isForbidden());
    mvc.perform(get(PAID).header("Authorization", "Bearer " + PORTAL))
        .andExpect(status().isForbidden());
  }

  @Test
  void anUnknownKindIsA404() throws Exception {
    mvc.perform(
            get("/api/v1/notification-templates/paid").header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:not-found"));
  }

  @Test
  void aPreviewWithoutABodyRendersTheCurrentTemplateWithSampleData() throws Exception {
    given(repository.find(7, "PAYMENT_FAILED")).willReturn(Optional.empty());

    mvc.perform(
            post("/api/v1/notification-templates/PAYMENT_FAILED/preview")
                .header("Authorization", "Bearer " + AGENT))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.subject").value("Payment failed for invoice INV-2026-0042"))
        .andExpect(jsonPath("$.text", Matchers.containsString("December 9, 2026")));
  }

  @Test
  void theListSaysWhichKindsAreCustomised() throws Exception {
    given(repository.findAll(7))
        .willReturn(
            List.of(
                new StoredNotificationTemplate(
                    7, "PAYMENT_FAILED", "s", "h", "t", Instant.parse("2026-12-04T05:00:00Z"))));

    mvc.perform(get("/api/v1/notification-templates").header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.data.length()").value(8))
        .andExpect(jsonPath("$.data[0].custom").value(false))
        .andExpect(jsonPath("$.data[1].kind").value("PAYMENT_FAILED"))
        .andExpect(jsonPath("$.data[1].custom").value(true));
  }
}
