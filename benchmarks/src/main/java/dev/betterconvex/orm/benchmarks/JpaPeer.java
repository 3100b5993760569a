package dev.betterconvex.orm.benchmarks;

import static dev.betterconvex.orm.benchmarks.WorkloadData.LOADED_POSTS_PER_USER;
import static dev.betterconvex.orm.benchmarks.WorkloadData.NEW_POSTS_PER_TRANSACTION;
import static dev.betterconvex.orm.benchmarks.WorkloadData.PAGE_SIZE;
import static dev.betterconvex.orm.benchmarks.WorkloadData.QUERIED_TYPES;

import dev.betterconvex.orm.benchmarks.JpaEntities.JpaNewPost;
import dev.betterconvex.orm.benchmarks.JpaEntities.JpaPost;
import dev.betterconvex.orm.benchmarks.JpaEntities.JpaUser;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.TypedQuery;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.SharedEntityManagerCreator;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * JPA with Hibernate 7 on the plain tables, set up as a Spring application uses it: an entity
 * manager factory from {@link LocalContainerEntityManagerFactoryBean}, the shared entity manager,
 * one {@link JpaTransactionManager} transaction per operation at the default isolation
 * (read-only for reads), JDBC batches of 100 for the inserts. Queries are JPQL; users with their
 * posts are read with a batch fetch (one query for the users, one for all their posts), then
 * each user's posts are cut to the latest 10.
 */
final class JpaPeer implements Peer, AutoCloseable {

  private static final String NEWEST = " order by p.createdAt desc, p.id desc";

  static {
    // Hibernate logs through JBoss Logging; send it to SLF4J, silenced here, not to the console.
    if (System.getProperty("org.jboss.logging.provider") == null) {
      System.setProperty("org.jboss.logging.provider", "slf4j");
    }
  }

  private final WorkloadData data;
  private final EntityManagerFactory factory;
  private final EntityManager em;
  private final TransactionTemplate write;
  private final TransactionTemplate read;

  JpaPeer(DataSource dataSource, WorkloadData data) {
    this.data = data;
    LocalContainerEntityManagerFactoryBean bean = new LocalContainerEntityManagerFactoryBean();
    bean.setDataSource(dataSource);
    bean.setPersistenceUnitName("benchmarks");
    bean.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
    bean.setManagedTypes(PersistenceManagedTypes.of(List.of(JpaUser.class.getName(),
        JpaPost.class.getName(), JpaNewPost.class.getName()), List.of()));
    bean.setJpaPropertyMap(Map.of(
        "hibernate.hbm2ddl.auto", "none",
        "hibernate.jdbc.batch_size", String.valueOf(NEW_POSTS_PER_TRANSACTION)));
    bean.afterPropertiesSet();
    factory = bean.getObject();
    em = SharedEntityManagerCreator.createSharedEntityManager(factory);
    JpaTransactionManager transactions = new JpaTransactionManager(factory);
    write = new TransactionTemplate(transactions);
    read = new TransactionTemplate(transactions);
    read.setReadOnly(true);
  }

  @Override
  public int insertPosts(long batch) {
    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
    return write.execute(status -> {
      for (int i = 0; i < NEW_POSTS_PER_TRANSACTION; i++) {
        NewPost post = NewPost.of(batch, i, data.size.users());
        em.persist(new JpaNewPost(post.number() + 1, em.getReference(JpaUser.class,
            post.author() + 1L), post.type(), post.title(), post.body(), now));
      }
      return NEW_POSTS_PER_TRANSACTION;
    });
  }

  @Override
  public Optional<JpaPost> getPost(int post) {
    return reading(em -> Optional.ofNullable(em.find(JpaPost.class, post + 1L)));
  }

  @Override
  public List<JpaPost> latestPostsOf(int user) {
    return reading(em -> posts("where p.author.id = :author", 0)
        .setParameter("author", user + 1L).getResultList());
  }

  @Override
  public List<UserView.Loaded> usersWithLatestPosts() {
    return reading(em -> em.createQuery("select u from JpaUser u order by u.id", JpaUser.class)
        .setMaxResults(data.size.loadedUsers()).getResultList().stream()
        .map(u -> new UserView.Loaded(u.name,
            List.copyOf(u.posts.subList(0, Math.min(LOADED_POSTS_PER_USER, u.posts.size())))))
        .toList());
  }

  @Override
  public List<JpaPost> firstPage() {
    return reading(em -> posts("", 0).getResultList());
  }

  /** Keyset: {@code createdAt <= :at and (createdAt < :at or id < :id)}. */
  @Override
  public List<JpaPost> pageByCursor() {
    return reading(em -> posts("where p.createdAt <= :at and (p.createdAt < :at or p.id < :id)", 0)
        .setParameter("at", data.keysetCreatedAt).setParameter("id", data.keysetId)
        .getResultList());
  }

  @Override
  public List<JpaPost> pageByOffset() {
    return reading(em -> posts("", data.size.pageOffset()).getResultList());
  }

  @Override
  public List<JpaPost> newestOfTwoTypes() {
    return reading(em -> posts("where p.type in :types", 0)
        .setParameter("types", QUERIED_TYPES).getResultList());
  }

  private TypedQuery<JpaPost> posts(String where, int offset) {
    return em.createQuery("select p from JpaPost p " + where + NEWEST, JpaPost.class)
        .setFirstResult(offset).setMaxResults(PAGE_SIZE);
  }

  private <T> T reading(Function<EntityManager, T> work) {
    return read.execute(status -> work.apply(em));
  }

  @Override
  public void close() {
    factory.close();
  }
}
