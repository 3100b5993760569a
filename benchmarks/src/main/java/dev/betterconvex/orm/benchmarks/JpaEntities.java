package dev.betterconvex.orm.benchmarks;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import java.util.List;
import org.hibernate.annotations.BatchSize;

/**
 * The JPA entities of {@link JpaPeer} on the plain tables: a post's author is a lazy
 * {@code @ManyToOne}, and a user's posts a {@code @OneToMany} ordered newest first and batch
 * fetched for up to 200 users at once.
 */
final class JpaEntities {

  private JpaEntities() {
  }

  @Entity(name = "JpaUser")
  @Table(name = "plain_users")
  static class JpaUser {

    @Id
    Long id;

    String name;

    @OneToMany(mappedBy = "author")
    @OrderBy("createdAt DESC, id DESC")
    @BatchSize(size = 200)
    List<JpaPost> posts;

    protected JpaUser() {
    }
  }

  /** The columns of a post, shared by both post tables. */
  @MappedSuperclass
  abstract static class JpaPostColumns {

    @Id
    Long id;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "author_id")
    JpaUser author;

    String type;

    String title;

    String body;

    @Column(name = "created_at")
    LocalDateTime createdAt;
  }

  @Entity(name = "JpaPost")
  @Table(name = "plain_posts")
  static class JpaPost extends JpaPostColumns implements PostView {

    protected JpaPost() {
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public String title() {
      return title;
    }

    @Override
    public String body() {
      return body;
    }
  }

  @Entity(name = "JpaNewPost")
  @Table(name = "plain_new_posts")
  static class JpaNewPost extends JpaPostColumns {

    protected JpaNewPost() {
    }

    JpaNewPost(Long id, JpaUser author, String type, String title, String body,
        LocalDateTime createdAt) {
      this.id = id;
      this.author = author;
      this.type = type;
      this.title = title;
      this.body = body;
      this.createdAt = createdAt;
    }
  }
}
